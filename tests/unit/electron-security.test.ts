import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../src-main/web-host/security';

/**
 * Electron's security checklist, item by item, as a lint over the desktop shell's source. (The
 * Electron binary cannot be downloaded on these machines, so the shell cannot run here. Doyensec's
 * electronegativity also runs in `npm test` (scripts/electronegativity.mjs, exceptions justified in
 * electronegativity.json). Fuses: tests/unit/packaging.test.ts. Input validation: the dispatcher,
 * fuzzed in tests/unit/fuzz-api.test.ts.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (f: string) => readFileSync(join(root, 'src-main/electron', f), 'utf8');
const main = src('main.ts');
const windowTs = src('window.ts');
const preload = src('preload.ts');
const all = readdirSync(join(root, 'src-main/electron')).map((f) => src(f)).join('\n');

/** The webPreferences object literal of the main window. */
const prefs = /webPreferences:\s*\{([^}]*)\}/.exec(windowTs)?.[1] ?? '';
const pref = (name: string) => new RegExp(`\\b${name}:\\s*(true|false)\\b`).exec(prefs)?.[1];

describe('Electron security checklist', () => {
  it('context isolation on, Node integration off everywhere, no <webview>', () => {
    expect(pref('contextIsolation')).toBe('true');
    expect(pref('nodeIntegration')).toBe('false');
    expect(pref('nodeIntegrationInWorker')).toBe('false');
    expect(pref('webviewTag')).toBe('false');
    expect(all).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|nodeIntegrationInSubFrames:\s*true/);
    expect(windowTs).toMatch(/on\('will-attach-webview',\s*\(event\)\s*=>\s*event\.preventDefault\(\)\)/);
  });

  it('a middle click cannot open a window around the navigation guard (Auxclick off)', () => {
    expect(prefs).toMatch(/disableBlinkFeatures:\s*'Auxclick'/);
  });

  it('every renderer sandboxed', () => {
    expect(pref('sandbox')).toBe('true');
    expect(main).toMatch(/app\.enableSandbox\(\)/);
  });

  it('web security on, no insecure content, no experimental features', () => {
    expect(pref('webSecurity')).toBe('true');
    expect(pref('allowRunningInsecureContent')).toBe('false');
    expect(all).not.toMatch(/experimentalFeatures:\s*true|enableBlinkFeatures/);
  });

  it('a strict CSP on every response: no inline or eval script, no plugins, no remote origins', () => {
    expect(windowTs).toMatch(/onHeadersReceived\([\s\S]*'Content-Security-Policy': \[CSP\]/);
    const d = Object.fromEntries(CSP.split(';').map((x) => x.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('no remote content: the window loads only the app’s own renderer', () => {
    const loads = [...all.matchAll(/\.loadURL\(([^;]*)\);/g)].map((m) => m[1]);
    expect(loads).toEqual(['rendererUrl()']);
    expect(all).not.toMatch(/\.loadURL\(['"`]https?:/);
  });

  it('navigation and new windows denied; links open outside only if http(s), after asking', () => {
    expect(windowTs).toMatch(/on\('will-navigate',\s*\(event, url\)\s*=>\s*\{\s*if \(!isOwnUrl\(url\)\) event\.preventDefault\(\);/);
    expect(windowTs).toMatch(/setWindowOpenHandler\([\s\S]*?return \{ action: 'deny' \};/);
    // shell.openExternal appears once, inside the confirmation, reached only for http(s) URLs.
    expect(all.match(/shell\.openExternal\(/g)).toHaveLength(1);
    expect(windowTs).toMatch(/if \(response === 0\) await shell\.openExternal\(url\)/);
    expect(windowTs).toMatch(/if \(\/\^https\?:\\\/\\\/\/i\.test\(url\)\) void confirmExternal\(url\)/);
  });

  it('every permission request (camera, notifications, ...) denied', () => {
    expect(windowTs).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(windowTs).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  });

  it('IPC: one channel, the sender checked (our window, our page) before the core is called', () => {
    expect(main).toMatch(/ipcMain\.handle\(IPC_INVOKE_CHANNEL/);
    expect(main).toMatch(/event\.sender !== mainWindow\?\.webContents \|\| !isOwnUrl\(frameUrl\)/);
    expect(all.match(/ipcMain\.(on|handle)\(/g)).toHaveLength(1);
    // The preload exposes a narrow bridge, never ipcRenderer itself.
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});
