import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../lib/fs-atomic';

/**
 * Sending-service secrets (signing secrets, API keys) never go into the workspace, logs or exports.
 * Desktop: encrypted with the OS keychain (Electron safeStorage) in a file beside the app's settings.
 * Browser mode and the CLI: an environment variable, or held in memory for this session only.
 */
export type SecretSource = 'keychain' | 'env' | 'session' | 'none';

export interface SecretStore {
  get(connectorId: string): { secret: string; source: SecretSource } | null;
  /** Keeps the secret as safely as this host can; says where. */
  set(connectorId: string, secret: string): SecretSource;
  delete(connectorId: string): void;
}

/** `ACE_SECRET_<CONNECTOR ID>` (upper-case, other characters as _), else `ACE_PUSH_SECRET`. */
export function envSecretName(connectorId: string): string {
  return `ACE_SECRET_${connectorId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function envSecret(connectorId: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return env[envSecretName(connectorId)] || env.ACE_PUSH_SECRET || null;
}

/** Environment first, then this session's memory (browser mode; never written anywhere). */
export class MemorySecrets implements SecretStore {
  private readonly held = new Map<string, string>();
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  get(connectorId: string) {
    const held = this.held.get(connectorId);
    if (held) return { secret: held, source: 'session' as const };
    const e = envSecret(connectorId, this.env);
    return e ? { secret: e, source: 'env' as const } : null;
  }
  set(connectorId: string, secret: string): SecretSource {
    this.held.set(connectorId, secret);
    return 'session';
  }
  delete(connectorId: string): void {
    this.held.delete(connectorId);
  }
}

export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/** Encrypted at rest with the OS keychain's key (Electron safeStorage); the file holds only ciphertext. */
export class KeychainSecrets implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
    private readonly fallback: SecretStore = new MemorySecrets(),
  ) {}
  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }
  get(connectorId: string) {
    const sealed = this.read()[connectorId];
    if (sealed) {
      try {
        return { secret: this.cipher.decrypt(Buffer.from(sealed, 'base64')), source: 'keychain' as const };
      } catch {
        // Sealed by another user or machine: fall through to the environment.
      }
    }
    return this.fallback.get(connectorId);
  }
  set(connectorId: string, secret: string): SecretSource {
    let sealed: string;
    try {
      sealed = this.cipher.encrypt(secret).toString('base64');
    } catch {
      // No keychain on this machine (e.g. Linux without a secret service): this session only.
      return this.fallback.set(connectorId, secret);
    }
    const all = this.read();
    all[connectorId] = sealed;
    writeFileAtomic(this.file, JSON.stringify(all));
    return 'keychain';
  }
  delete(connectorId: string): void {
    const all = this.read();
    delete all[connectorId];
    writeFileAtomic(this.file, JSON.stringify(all));
    this.fallback.delete(connectorId);
  }
}
