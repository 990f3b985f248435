/**
 * The desktop's secret store when the core runs in its own process: the OS keychain (safeStorage)
 * lives in Electron's main process, so sealing and opening are host calls, which are asynchronous,
 * while the core's SecretStore is synchronous (a push reads its secret in the middle of its work).
 *
 * So: at start, the core asks main whether a real keychain exists and opens every sealed secret in
 * secrets.json once (before serving any call: a workspace's resumed pushes need them); `get` then
 * reads memory. `set` keeps the secret in memory at once and seals it and writes the file in the
 * background, in order with deletes; `flush` waits for that (at shutdown). The file format is the one
 * KeychainSecrets writes (connector id -> base64 ciphertext), so existing files keep working.
 */
import { existsSync, readFileSync } from 'node:fs';
import { MemorySecrets, type SecretSource, type SecretStore } from '../core/deliver/secrets';
import { writeFileAtomic } from '../core/lib/fs-atomic';

export interface RemoteKeychain {
  status(): Promise<{ ok: true } | { ok: false; why: string }>;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(sealed: Uint8Array): Promise<string>;
}

export class RelayedKeychainSecrets implements SecretStore {
  private readonly opened = new Map<string, string>();
  private available = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly keychain: RemoteKeychain,
    private readonly fallback: SecretStore = new MemorySecrets(),
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  /** Asks for the keychain and opens the stored secrets. Never throws: without them, env and memory remain. */
  async load(): Promise<void> {
    try {
      this.available = (await this.keychain.status()).ok;
    } catch (e) {
      this.log(`[ace] keychain status: ${e instanceof Error ? e.message : String(e)}`);
      this.available = false;
    }
    for (const [id, sealed] of Object.entries(this.read())) {
      try {
        this.opened.set(id, await this.keychain.decrypt(Buffer.from(sealed, 'base64')));
      } catch {
        // Sealed by another user or machine (or no keychain now): falls through to the environment.
      }
    }
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      const all = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (typeof all !== 'object' || all === null || Array.isArray(all)) return {};
      return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }

  /** File changes run one after another, in the order they were asked for. */
  private queue(change: () => Promise<void>): void {
    this.writes = this.writes.then(change).catch((e) => this.log(`[ace] secrets file: ${e instanceof Error ? e.message : String(e)}`));
  }

  get(connectorId: string): { secret: string; source: SecretSource } | null {
    const secret = this.opened.get(connectorId);
    return secret !== undefined ? { secret, source: 'keychain' } : this.fallback.get(connectorId);
  }

  set(connectorId: string, secret: string): SecretSource {
    // No keychain on this machine (e.g. Linux without a secret service): this session only, and said so.
    if (!this.available) return this.fallback.set(connectorId, secret);
    this.opened.set(connectorId, secret);
    this.queue(async () => {
      let sealed: Uint8Array;
      try {
        sealed = await this.keychain.encrypt(secret);
      } catch (e) {
        // The keychain refused after all: keep it for this session, where `get` now says "session".
        if (this.opened.get(connectorId) === secret) this.opened.delete(connectorId);
        this.fallback.set(connectorId, secret);
        this.log(`[ace] keychain refused a secret; kept for this session only: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      // Replaced or deleted meanwhile: the newer change writes the file.
      if (this.opened.get(connectorId) !== secret) return;
      const all = this.read();
      all[connectorId] = Buffer.from(sealed).toString('base64');
      writeFileAtomic(this.file, JSON.stringify(all));
    });
    return 'keychain';
  }

  delete(connectorId: string): void {
    this.opened.delete(connectorId);
    this.fallback.delete(connectorId);
    this.queue(async () => {
      const all = this.read();
      if (!(connectorId in all)) return;
      delete all[connectorId];
      writeFileAtomic(this.file, JSON.stringify(all));
    });
  }

  /** Resolves when every change asked for so far is on disk (or has failed and been logged). */
  flush(): Promise<void> {
    return this.writes;
  }
}
