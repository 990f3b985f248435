import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RelayedKeychainSecrets, type RemoteKeychain } from '../../../src-main/core-host/secrets';
import type { SafeStorageCipher } from '../../../src-main/electron/guards';
import { desktopHostCallbacks, type DesktopDeps } from '../../../src-main/electron/host-callbacks';
import { tempDir } from '../helpers/tmp';
import { fakeOpen, fakeSeal } from './harness';

/** The two halves of the desktop's secrets and dialogs: the core's store over host calls, main's callbacks. */
const dir = tempDir('ace-desktop-parts-');
const SECRET = 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==';

function keychain(over: Partial<RemoteKeychain> = {}): RemoteKeychain & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    status: async () => (calls.push('status'), { ok: true }),
    encrypt: async (p) => (calls.push('encrypt'), fakeSeal(p)),
    decrypt: async (s) => (calls.push('decrypt'), fakeOpen(s)),
    ...over,
  };
}

describe('secrets in the core process (RelayedKeychainSecrets)', () => {
  it('with a keychain: sealed through main, only ciphertext on disk, opened again at the next start', async () => {
    const file = join(dir, 'a.json');
    const store = new RelayedKeychainSecrets(file, keychain());
    await store.load();
    expect(store.set('con_1', SECRET)).toBe('keychain');
    expect(store.get('con_1')).toEqual({ secret: SECRET, source: 'keychain' });
    await store.flush();
    expect(readFileSync(file, 'utf8')).not.toContain('whsec_');
    const next = new RelayedKeychainSecrets(file, keychain());
    await next.load();
    expect(next.get('con_1')).toEqual({ secret: SECRET, source: 'keychain' });
    next.delete('con_1');
    await next.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    expect(next.get('con_1')).toBeNull();
  });

  it('without a keychain: this session only, said so, nothing written', async () => {
    const file = join(dir, 'b.json');
    const store = new RelayedKeychainSecrets(file, keychain({ status: async () => ({ ok: false, why: 'basic_text' }) }));
    await store.load();
    expect(store.set('con_2', SECRET)).toBe('session');
    expect(store.get('con_2')).toEqual({ secret: SECRET, source: 'session' });
    await store.flush();
    expect(existsSync(file)).toBe(false);
  });

  it('a keychain that refuses later, a secret sealed elsewhere, a damaged file: kept for the session, never lost or thrown', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ other: Buffer.from('sealed by someone else').toString('base64'), n: 5 }));
    const logs: string[] = [];
    const store = new RelayedKeychainSecrets(
      file,
      keychain({
        encrypt: async () => {
          throw new Error('locked');
        },
        decrypt: async () => {
          throw new Error('not ours');
        },
      }),
      undefined,
      (m) => logs.push(m),
    );
    await store.load();
    expect(store.get('other')).toBeNull();
    store.set('con_3', SECRET);
    await store.flush();
    expect(store.get('con_3')).toEqual({ secret: SECRET, source: 'session' });
    expect(readFileSync(file, 'utf8')).not.toContain('whsec_');
    expect(logs.join('\n')).toMatch(/kept for this session only/);
    writeFileSync(file, '{not json');
    const damaged = new RelayedKeychainSecrets(file, keychain());
    await damaged.load();
    expect(damaged.get('x')).toBeNull();
  });
});

describe('host callbacks in main (desktopHostCallbacks, against fake Electron parts)', () => {
  const safe = (backend: string): SafeStorageCipher => ({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (p) => Buffer.from(fakeSeal(p)),
    decryptString: (b) => fakeOpen(b),
  });
  function deps(over: Partial<DesktopDeps> = {}) {
    const dialogs: unknown[] = [];
    const d: DesktopDeps = {
      showOpenDialog: async (o) => (dialogs.push(['open', o]), { canceled: false, filePaths: ['/w/a.duckdb', '/w/b.csv'] }),
      showSaveDialog: async (o) => (dialogs.push(['save', o]), { canceled: false, filePath: '/w/out.csv' }),
      printToPdf: async () => new Uint8Array([1, 2]),
      safeStorage: safe('gnome_libsecret'),
      platform: 'linux',
      ...over,
    };
    return { d, dialogs };
  }

  it('pickSavePath shows the save dialog with the name and file types asked for; cancel is null', async () => {
    const { d, dialogs } = deps();
    const host = desktopHostCallbacks(d);
    expect(await host.pickSavePath({ defaultName: 'members.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] })).toBe('/w/out.csv');
    expect(dialogs[0]).toEqual([
      'save',
      expect.objectContaining({ defaultPath: 'members.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] }),
    ]);
    const cancelled = desktopHostCallbacks(deps({ showSaveDialog: async () => ({ canceled: true, filePath: '' }) }).d);
    expect(await cancelled.pickSavePath({ defaultName: 'x.pdf' })).toBeNull();
    expect(await cancelled.pickNewWorkspace({})).toBeNull();
  });

  it('the workspace and import pickers keep their dialogs', async () => {
    const { d, dialogs } = deps();
    const host = desktopHostCallbacks(d);
    expect(await host.pickOpenWorkspace({})).toBe('/w/a.duckdb');
    expect(await host.pickImportFiles({})).toEqual(['/w/a.duckdb', '/w/b.csv']);
    expect(await host.pickNewWorkspace({})).toBe('/w/out.csv');
    expect(dialogs.map((x) => (x as [string, { title: string }])[1].title)).toEqual(['Open workspace', 'Import files', 'New workspace']);
    expect(
      await desktopHostCallbacks(deps({ showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }).d).pickImportFiles({}),
    ).toEqual([]);
    expect(await host.printToPdf({ landscape: true })).toEqual(new Uint8Array([1, 2]));
  });

  it('the keychain: seals only with a real backend, and says why not', async () => {
    const real = desktopHostCallbacks(deps().d);
    expect(await real.keychainStatus({})).toEqual({ ok: true });
    expect(await real.keychainDecrypt({ sealed: await real.keychainEncrypt({ plain: SECRET }) })).toBe(SECRET);
    const basic = desktopHostCallbacks(deps({ safeStorage: safe('basic_text') }).d);
    expect(await basic.keychainStatus({})).toMatchObject({ ok: false, why: expect.stringMatching(/basic_text/) });
    await expect(basic.keychainEncrypt({ plain: SECRET })).rejects.toThrow(/basic_text/);
  });
});
