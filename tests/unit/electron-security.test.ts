import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { KeychainSecrets } from '../../src-main/core/deliver/secrets';
import {
  APP_INDEX,
  appFileFor,
  guardContents,
  isOwnUrl,
  keychainCipher,
  keychainStatus,
  menuTemplate,
  refuseSender,
  rendererUrl,
  type GuardedContents,
  type SafeStorageCipher,
} from '../../src-main/electron/guards';
import { CSP } from '../../src-main/web-host/security';
import { tempDir } from './helpers/tmp';
import { keepEnv } from './helpers/env';

/**
 * Electron's security checklist, tested on the functions the desktop shell runs (src-main/electron/
 * guards.ts) against fakes of the few Electron objects they touch: the Electron binary cannot be
 * downloaded on these machines, so the shell itself cannot start here. Doyensec's electronegativity
 * also runs in `npm test`; fuses: tests/unit/packaging.test.ts; input validation: the dispatcher.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir('ace-electron-');
const shell = (f: string) => readFileSync(join(root, 'src-main/electron', f), 'utf8');

/** A WebContents that records its handlers, so a test can fire navigations at them. */
function fakeContents() {
  const handlers = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let open: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    setWindowOpenHandler: (h) => void (open = h),
    on: (name: string, h: (event: { preventDefault(): void }, url: string) => void) => void handlers.set(name, h),
  };
  const fire = (name: string, url = '') => {
    let prevented = false;
    handlers.get(name)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => open!({ url }), handlers };
}

/**
 * The few parts of Electron the shell's window and preload use, recording what they are given:
 * window.ts and preload.ts themselves are then imported and run against it.
 */
const fake = {
  windows: [] as { opts: Record<string, unknown>; contents: ReturnType<typeof fakeContents>; loaded: string[] }[],
  externalOpened: [] as string[],
  dialogAnswer: 0,
  session: {
    headers: null as
      | null
      | ((
          d: { responseHeaders?: Record<string, string[] | string> },
          cb: (r: { responseHeaders: Record<string, string[] | string> }) => void,
        ) => void),
    request: null as null | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
    check: null as null | (() => boolean),
  },
  exposed: null as null | [string, Record<string, unknown>],
  invoked: [] as unknown[][],
  listeners: new Map<string, unknown>(),
};

function fakeElectron() {
  class BrowserWindow {
    readonly webContents: GuardedContents & { on: (...a: unknown[]) => void };
    constructor(opts: Record<string, unknown>) {
      const c = fakeContents();
      this.webContents = c.contents as BrowserWindow['webContents'];
      fake.windows.push({ opts, contents: c, loaded: [] });
    }
    on() {}
    once() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      fake.windows.at(-1)!.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: { showMessageBox: async () => ({ response: fake.dialogAnswer }), showMessageBoxSync: () => 1 },
    shell: { openExternal: async (url: string) => void fake.externalOpened.push(url) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (l: typeof fake.session.headers) => void (fake.session.headers = l) },
        setPermissionRequestHandler: (h: typeof fake.session.request) => void (fake.session.request = h),
        setPermissionCheckHandler: (h: typeof fake.session.check) => void (fake.session.check = h),
      },
    },
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => void (fake.exposed = [name, api]) },
    ipcRenderer: {
      invoke: (...a: unknown[]) => (fake.invoked.push(a), Promise.resolve('r')),
      on: (ch: string, l: unknown) => void fake.listeners.set(ch, l),
      removeListener: (ch: string, l: unknown) => fake.listeners.get(ch) === l && fake.listeners.delete(ch),
    },
  };
}

let windowTs: typeof import('../../src-main/electron/window');
beforeAll(async () => {
  vi.doMock('electron', fakeElectron);
  windowTs = await import('../../src-main/electron/window');
  await import('../../src-main/electron/preload');
  vi.doUnmock('electron');
});

describe('the app’s own URL (packaged: ace://app/, never file://)', () => {
  it('is the renderer’s URL, and nothing that looks like it', () => {
    expect(rendererUrl(undefined)).toBe(APP_INDEX);
    expect(APP_INDEX).toBe('ace://app/index.html');
    for (const own of ['ace://app/index.html', 'ace://app/index.html#/roi', 'ace://app/assets/index-abc.js'])
      expect(isOwnUrl(own, undefined), own).toBe(true);
    for (const other of [
      'file:///opt/ACE/resources/app.asar/out/renderer/index.html',
      'ace://app.evil/index.html',
      'ace://x:y@app/index.html',
      'ace://evil/index.html',
      'https://app/index.html',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'not a url',
      '',
    ])
      expect(isOwnUrl(other, undefined), other).toBe(false);
    // In development: the dev server's origin only.
    expect(isOwnUrl('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isOwnUrl('ace://app/index.html', 'http://localhost:5173')).toBe(false);
  });

  it('serves the built renderer’s files only, never a path outside it', () => {
    const r = join(dir, 'renderer');
    mkdirSync(join(r, 'assets'), { recursive: true });
    writeFileSync(join(r, 'index.html'), '<!doctype html>');
    writeFileSync(join(r, 'assets', 'app.js'), '');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    const get = (url: string) => appFileFor(r, url, existsSync);
    expect(get('ace://app/')).toMatchObject({ status: 200, file: join(r, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(get('ace://app/index.html?x#y')).toMatchObject({ status: 200, file: join(r, 'index.html') });
    expect(get('ace://app/assets/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(get('ace://app/missing.js').status).toBe(404);
    // Climbing out is folded back inside (nothing there: 404) or refused (403); never the file outside.
    for (const evil of [
      'ace://app/..%2fsecret.txt',
      'ace://app/%2e%2e/secret.txt',
      'ace://app/assets/..%2f..%2fsecret.txt',
      'ace://evil/index.html',
      'file:///etc/passwd',
      'ace://app/a%00.js',
    ]) {
      expect([403, 404], evil).toContain(get(evil).status);
      expect(get(evil).file, evil).toBeNull();
    }
    expect(get('ace://evil/index.html').status).toBe(403);
    expect(get('ace://app/%E0%A4%A').status).toBe(400);
  });
});

describe('windows and navigation', () => {
  it('the main window (createMainWindow, run): isolated, sandboxed, no Node, web security on, guarded, loading ace://app/', () => {
    const restore = keepEnv('ELECTRON_RENDERER_URL');
    delete process.env.ELECTRON_RENDERER_URL;
    try {
      windowTs.createMainWindow(join(dir, 'win-data'));
    } finally {
      restore();
    }
    const w = fake.windows.at(-1)!;
    const p = w.opts.webPreferences as Record<string, unknown>;
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(String(p.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(p).not.toHaveProperty('enableBlinkFeatures');
    expect(w.loaded).toEqual([APP_INDEX]);
    // The window's contents got every guard.
    for (const e of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview'])
      expect(w.contents.handlers.has(e), e).toBe(true);
    expect(w.contents.fire('will-redirect', 'https://attacker.example/')).toBe(true);
    expect(shell('main.ts')).toMatch(/app\.enableSandbox\(\)/);
  });

  it('navigation and redirects away from the app are stopped; in-app ones go through', () => {
    const f = fakeContents();
    guardContents(
      f.contents,
      () => undefined,
      (u) => isOwnUrl(u, undefined),
    );
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(f.fire(event, 'https://attacker.example/'), event).toBe(true);
      expect(f.fire(event, 'file:///etc/passwd'), event).toBe(true);
      expect(f.fire(event, 'ace://app/index.html#/deliver'), event).toBe(false);
    }
    expect(f.fire('will-attach-webview')).toBe(true);
  });

  it('no window opens inside the app; an http(s) link is offered to the browser after asking, anything else dropped', () => {
    const asked: string[] = [];
    const f = fakeContents();
    guardContents(f.contents, (u) => asked.push(u));
    for (const url of [
      'https://example.com/help',
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ace://app/index.html',
      'mailto:a@b.c',
    ])
      expect(f.open(url)).toEqual({ action: 'deny' });
    expect(asked).toEqual(['https://example.com/help', 'http://example.com/']);
    // openExternal appears once in the shell, inside the confirmation.
    const all = ['main.ts', 'window.ts', 'guards.ts', 'menu.ts', 'preload.ts', 'core-process.ts', 'host-callbacks.ts']
      .map(shell)
      .join('\n');
    expect(all.match(/shell\.openExternal\(/g)).toHaveLength(1);
    expect(shell('window.ts')).toMatch(/if \(response === 0\) await shell\.openExternal\(url\)/);
  });

  it('a link the window tries to open goes to the browser only after the person says yes', async () => {
    const w = fake.windows.at(-1)!;
    fake.dialogAnswer = 1;
    expect(w.contents.open('https://example.com/no')).toEqual({ action: 'deny' });
    fake.dialogAnswer = 0;
    expect(w.contents.open('https://example.com/yes')).toEqual({ action: 'deny' });
    expect(w.contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.externalOpened).toEqual(['https://example.com/yes']);
  });

  it('the session (hardenSession, run): CSP on every response, every permission denied', () => {
    windowTs.hardenSession();
    let out: Record<string, string[] | string> = {};
    fake.session.headers!(
      { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ['default-src *'] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out['Content-Security-Policy']).toEqual([CSP]);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      let granted: boolean | null = null;
      fake.session.request!(null, p, (g) => (granted = g));
      expect(granted, p).toBe(false);
    }
    expect(fake.session.check!()).toBe(false);
    const d = Object.fromEntries(
      CSP.split(';')
        .map((x) => x.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('menus: no developer tools in the packaged app', () => {
    const actions = { newWorkspace: () => undefined, openWorkspace: () => undefined, openDemo: () => undefined };
    const roles = (t: unknown): string[] =>
      Array.isArray(t)
        ? t.flatMap(roles)
        : t && typeof t === 'object'
          ? [String((t as { role?: string }).role ?? ''), ...roles((t as { submenu?: unknown }).submenu)]
          : [];
    for (const isMac of [true, false]) {
      const packaged = roles(menuTemplate(actions, { isMac, isPackaged: true }));
      expect(packaged).not.toContain('toggleDevTools');
      // The viewMenu role carries "Toggle Developer Tools": spelled out instead.
      expect(packaged).not.toContain('viewMenu');
      expect(packaged).toContain('togglefullscreen');
      expect(roles(menuTemplate(actions, { isMac, isPackaged: false }))).toContain('toggleDevTools');
    }
  });
});

describe('IPC', () => {
  const main = { id: 1 };
  const frame = (url: string, parent: unknown = null) => ({ url, parent });
  const own = (u: string) => isOwnUrl(u, undefined);

  it('accepts the main window’s main frame on the app’s page only; a refusal is FORBIDDEN, not BAD_INPUT', () => {
    expect(refuseSender({ sender: main, senderFrame: frame('ace://app/index.html') }, main, own)).toBeNull();
    const refusals = [
      { sender: { id: 2 }, senderFrame: frame('ace://app/index.html') }, // another window
      { sender: main, senderFrame: frame('ace://app/index.html', { url: 'ace://app/index.html' }) }, // an iframe, even of ours
      { sender: main, senderFrame: frame('https://attacker.example/') }, // the window navigated away
      { sender: main, senderFrame: frame('file:///tmp/x.html') },
      { sender: main, senderFrame: null }, // the frame is gone
    ];
    for (const e of refusals)
      expect(refuseSender(e, main, own), JSON.stringify(e)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/did not come from the ACE window/) },
      });
    expect(refuseSender({ sender: main, senderFrame: frame('ace://app/index.html') }, undefined, own)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // One channel, and the handler refuses before it dispatches.
    const m = shell('main.ts');
    expect(m.match(/ipcMain\.(on|handle)\(/g)).toHaveLength(1);
    expect(m).toMatch(
      /const refused = refuseSender\(event, mainWindow\?\.webContents\);\s*if \(refused\) return refused;\s*return dispatch\(/,
    );
  });

  it('main is a relay: the core runs in a utility process, main keeps the sender check and the Electron-only work', () => {
    const m = shell('main.ts');
    // No core in main: the session, dispatcher and DuckDB live in the core process (src-main/core-host/entry.ts).
    expect(m).not.toMatch(/from '\.\.\/core\/(session|dispatcher|handlers|deliver\/secrets)'/);
    expect(m).toMatch(/const dispatch = \(method: string, input: unknown\) => core\.invoke\(method, input\)/);
    expect(shell('core-process.ts')).toMatch(/utilityProcess\.fork\(modulePath/);
    // safeStorage stays in main, behind the keychain check (host-callbacks.ts uses keychainCipher and keychainStatus).
    expect(m).toMatch(/safeStorage,/);
    expect(shell('host-callbacks.ts')).toMatch(/keychainCipher\(d\.safeStorage/);
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(config).toMatch(/core: resolve\('src-main\/core-host\/entry\.ts'\)/);
    // The core process is not a shell: it never imports Electron (it also runs under plain Node in tests).
    for (const f of ['entry.ts', 'server.ts', 'client.ts', 'port.ts', 'protocol.ts', 'rpc.ts', 'host-calls.ts', 'secrets.ts'])
      expect(readFileSync(join(root, 'src-main/core-host', f), 'utf8'), f).not.toMatch(/from 'electron'/);
  });

  it('the preload (run) exposes invoke and onEvent over fixed channels, never ipcRenderer', async () => {
    const { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } = await import('../../src-main/contract/transport');
    const [name, api] = fake.exposed!;
    expect(name).toBe('ace');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent']);
    await (api.invoke as (m: unknown, i: unknown) => Promise<unknown>)({ toString: () => 'app.info' }, { a: 1 });
    expect(fake.invoked).toEqual([[IPC_INVOKE_CHANNEL, 'app.info', { a: 1 }]]);
    const got: unknown[] = [];
    const off = (api.onEvent as (l: (n: string, p: unknown) => void) => () => void)((n, p) => got.push([n, p]));
    (fake.listeners.get(IPC_EVENT_CHANNEL) as (e: unknown, n: string, p: unknown) => void)({ sender: 'x' }, 'task.finished', { ok: true });
    expect(got).toEqual([['task.finished', { ok: true }]]);
    off();
    expect(fake.listeners.has(IPC_EVENT_CHANNEL)).toBe(false);
  });
});

describe('secrets on the desktop', () => {
  const fakeSafe = (backend: string, available = true): SafeStorageCipher => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (p) => Buffer.from(`sealed:${Buffer.from(p).toString('base64')}`),
    decryptString: (b) => Buffer.from(b.toString().slice(7), 'base64').toString(),
  });

  it('knows a real keychain from Chromium’s hard-coded-password fallback', () => {
    expect(keychainStatus(fakeSafe('gnome_libsecret'), 'linux')).toEqual({ ok: true });
    expect(keychainStatus(fakeSafe('kwallet5'), 'linux')).toEqual({ ok: true });
    expect(keychainStatus(fakeSafe('basic_text'), 'linux')).toMatchObject({
      ok: false,
      why: expect.stringMatching(/No keychain service .*basic_text.*this session only/),
    });
    expect(keychainStatus(fakeSafe('unknown'), 'linux').ok).toBe(false);
    expect(keychainStatus(fakeSafe('', false), 'darwin').ok).toBe(false);
    expect(keychainStatus(fakeSafe('ignored'), 'darwin')).toEqual({ ok: true });
    expect(keychainStatus(fakeSafe('ignored'), 'win32')).toEqual({ ok: true });
  });

  it('without a keychain a secret is kept for this session only, says so, and nothing is written', () => {
    const file = join(dir, 'secrets-basic.json');
    const store = new KeychainSecrets(file, keychainCipher(fakeSafe('basic_text'), 'linux'), undefined);
    expect(store.set('con_1', 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==')).toBe('session');
    expect(store.get('con_1')).toEqual({ secret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==', source: 'session' });
    expect(existsSync(file)).toBe(false);
  });

  it('with a keychain, only ciphertext reaches the file and it is reported as the keychain', () => {
    const file = join(dir, 'secrets-real.json');
    const store = new KeychainSecrets(file, keychainCipher(fakeSafe('gnome_libsecret'), 'linux'));
    expect(store.set('con_2', 'whsec_cGxhaW5wbGFpbnBsYWlucGxhaW4=')).toBe('keychain');
    expect(readFileSync(file, 'utf8')).not.toContain('whsec_');
    expect(store.get('con_2')).toEqual({ secret: 'whsec_cGxhaW5wbGFpbnBsYWlucGxhaW4=', source: 'keychain' });
  });
});
