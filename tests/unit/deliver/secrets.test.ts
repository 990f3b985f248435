import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainSecrets, MemorySecrets, envSecretName } from '../../../src-main/core/deliver/secrets';
import { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';

/**
 * Sending-service secrets are never written to the workspace: the desktop seals them with the OS
 * keychain (here an AES cipher stands in for Electron's safeStorage, which needs a desktop session);
 * browser mode and the CLI hold them in memory or read them from the environment.
 */
const dir = tempDir('ace-secrets-');
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const API_KEY = `SG.${randomBytes(20).toString('hex')}`;

/** Every place a secret could leak to on disk: the workspace, its WAL, the sealed-secrets file. */
function diskText(files: string[]): string {
  return files
    .map((f) => {
      try {
        return readFileSync(f).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');
}

describe('connector secrets', () => {
  it('are not in the workspace file (nor its WAL) after saving connectors and pushing', async () => {
    const ws = join(dir, 'w.duckdb');
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(ws, { create: true });
    const hook = await s.deliver.saveConnector({
      name: 'Hook',
      config: { kind: 'webhook', endpoint: 'https://example.com/push', timeoutMs: 15000 },
      secret: SECRET,
    });
    await s.deliver.saveConnector({ name: 'SendGrid', config: { kind: 'sendgrid', listIds: ['abc'] }, secret: API_KEY });
    expect(hook.hasSecret).toBe(true);
    expect(hook.secretSource).toBe('session');
    expect(JSON.stringify(await s.deliver.listConnectors())).not.toContain(SECRET.slice(6, 30));
    await s.close();
    const text = diskText([ws, `${ws}.wal`]);
    expect(text).toContain('example.com/push');
    expect(text).not.toContain(SECRET.slice(6, 30));
    expect(text).not.toContain(API_KEY);
    // A new session (the app restarted in browser mode) does not have it: the person enters it again.
    const again = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await again.open(ws);
    expect((await again.deliver.listConnectors()).find((c) => c.connectorId === hook.connectorId)!.hasSecret).toBe(false);
    await again.close();
  });

  it('come from the environment in the CLI and browser mode', () => {
    const env = { [envSecretName('con_abc-1')]: 'whsec_fromenv', ACE_PUSH_SECRET: 'whsec_general' };
    const m = new MemorySecrets(env);
    expect(envSecretName('con_abc-1')).toBe('ACE_SECRET_CON_ABC_1');
    expect(m.get('con_abc-1')).toEqual({ secret: 'whsec_fromenv', source: 'env' });
    expect(m.get('other')).toEqual({ secret: 'whsec_general', source: 'env' });
    m.set('other', 'whsec_typed');
    expect(m.get('other')).toEqual({ secret: 'whsec_typed', source: 'session' });
  });

  it('are sealed at rest on the desktop: the file holds ciphertext only, and survives a restart', () => {
    const key = randomBytes(32);
    const cipher = {
      encrypt: (plain: string) => {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), body]);
      },
      decrypt: (sealed: Buffer) => {
        const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        d.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
      },
    };
    const file = join(dir, 'secrets.json');
    const k = new KeychainSecrets(file, cipher, new MemorySecrets({}));
    expect(k.set('con_1', SECRET)).toBe('keychain');
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET.slice(6, 30));
    expect(new KeychainSecrets(file, cipher, new MemorySecrets({})).get('con_1')).toEqual({ secret: SECRET, source: 'keychain' });
    // Without a keychain (encryption unavailable) it is kept for the session only, never in the file.
    const none = new KeychainSecrets(
      file,
      {
        encrypt: () => {
          throw new Error('no keychain');
        },
        decrypt: cipher.decrypt,
      },
      new MemorySecrets({}),
    );
    expect(none.set('con_2', API_KEY)).toBe('session');
    expect(readFileSync(file, 'utf8')).not.toContain(API_KEY);
    k.delete('con_1');
    expect(new KeychainSecrets(file, cipher, new MemorySecrets({})).get('con_1')).toBeNull();
  });
});
