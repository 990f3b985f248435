/**
 * The desktop shell's decisions as plain functions over the few Electron objects they touch, so they
 * are tested against fakes here (the Electron binary cannot be downloaded on these machines):
 * which URLs are the app's own, the navigation and window guards, who may call the core over IPC,
 * whether the secret store is really the OS keychain, the packaged renderer's protocol, the menu.
 * Only types come from `electron`: nothing here needs the binary to load.
 */
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { Result } from '../contract/errors';

/** The packaged renderer is served from ace://app/ (a registered, standard, secure scheme), not file://. */
export const APP_SCHEME = 'ace';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/** The renderer's URL: the dev server in development, the app scheme when packaged. */
export function rendererUrl(devServer: string | undefined = process.env.ELECTRON_RENDERER_URL): string {
  return devServer ?? APP_INDEX;
}

/** Is this URL the app's own page (and nothing else: no remote page, no file, no look-alike host)? */
export function isOwnUrl(url: string, devServer: string | undefined = process.env.ELECTRON_RENDERER_URL): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (devServer) {
    const d = new URL(devServer);
    return u.origin === d.origin;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === 'app' && !u.username && !u.password;
}

// --- Navigation and windows ---------------------------------------------------------------------

/** The part of WebContents the guards use. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * No new window inside the app (an http(s) link may open in the browser after asking), no navigation
 * or redirect away from the app's page, no <webview>.
 */
export function guardContents(
  contents: GuardedContents,
  askToOpenExternal: (url: string) => void,
  own: (url: string) => boolean = (u) => isOwnUrl(u),
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) askToOpenExternal(url);
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!own(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  // A navigation the app allowed (its own page) answered by a redirect elsewhere: stopped too.
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

// --- IPC -----------------------------------------------------------------------------------------

/** The part of an IpcMainInvokeEvent the sender check uses. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown; top?: unknown } | null | undefined;
}

/**
 * Who may call the core: the main window, from its main frame (not an iframe, even one of ours),
 * showing the app's own page. Anything else is refused with FORBIDDEN, its own code: the input was not
 * bad, the caller was.
 */
export function refuseSender(
  event: InvokeEventLike,
  mainContents: unknown,
  own: (url: string) => boolean = (u) => isOwnUrl(u),
): Result<never> | null {
  const frame = event.senderFrame;
  const ok =
    mainContents !== undefined &&
    mainContents !== null &&
    event.sender === mainContents &&
    !!frame &&
    frame.parent === null &&
    own(frame.url);
  return ok ? null : { ok: false, error: { code: 'FORBIDDEN', message: 'Refused: this call did not come from the ACE window.' } };
}

// --- Secrets -------------------------------------------------------------------------------------

/** The part of Electron's safeStorage the secret store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which backend seals the secrets. */
  getSelectedStorageBackend?(): string;
}

export type KeychainStatus = { ok: true } | { ok: false; why: string };

/**
 * Whether safeStorage really seals with an OS keychain. On Linux without a secret service (no
 * GNOME Keyring/KWallet), Chromium falls back to `basic_text`: "encryption" with a password written
 * in Chromium's source, which protects nothing. Then secrets are kept for this session only, and
 * the app says so instead of claiming "keychain".
 */
export function keychainStatus(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeychainStatus {
  if (!safe.isEncryptionAvailable()) return { ok: false, why: 'This system offers no keychain to seal secrets with.' };
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        ok: false,
        why: `No keychain service (GNOME Keyring or KWallet) is running (safeStorage backend: ${backend}); secrets are kept for this session only.`,
      };
    }
  }
  return { ok: true };
}

/** The part of safeStorage that seals and opens secrets. */
export interface SafeStorageCipher extends SafeStorageLike {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * The cipher KeychainSecrets seals with: refuses (throws) where there is no real keychain, so the
 * store keeps the secret for this session only and reports "session", never "keychain".
 */
export function keychainCipher(
  safe: SafeStorageCipher,
  platform: NodeJS.Platform = process.platform,
): { encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string } {
  const check = () => {
    const status = keychainStatus(safe, platform);
    if (!status.ok) throw new Error(status.why);
  };
  return {
    encrypt: (plain) => {
      check();
      return safe.encryptString(plain);
    },
    decrypt: (sealed) => {
      check();
      return safe.decryptString(sealed);
    },
  };
}

// --- The packaged renderer's protocol ------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

export type AppFile = { status: 200; file: string; type: string } | { status: 400 | 403 | 404; file: null; type: null };

/**
 * The file of the built renderer an ace://app/ URL names, never outside it. The one-page app has no
 * routes, so only files that exist are served (404 otherwise, not index.html: no surprise documents).
 */
export function appFileFor(rendererDir: string, url: string, exists: (file: string) => boolean): AppFile {
  let u: URL;
  let path: string;
  try {
    u = new URL(url);
    path = decodeURIComponent(u.pathname);
  } catch {
    return { status: 400, file: null, type: null };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'app' || path.includes('\0')) return { status: 403, file: null, type: null };
  const base = resolve(rendererDir);
  const file = resolve(join(base, normalize(path === '/' ? '/index.html' : path)));
  if (!file.startsWith(base + sep)) return { status: 403, file: null, type: null };
  if (!exists(file)) return { status: 404, file: null, type: null };
  return { status: 200, file, type: TYPES[extname(file)] ?? 'application/octet-stream' };
}

// --- Menus ---------------------------------------------------------------------------------------

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openDemo(): void;
}

/**
 * Native menus with the standard roles and the app's own commands. The View menu is spelled out:
 * Electron's `viewMenu` role includes "Toggle Developer Tools", which a packaged app does not offer.
 */
export function menuTemplate(actions: MenuActions, o: { isMac: boolean; isPackaged: boolean }): MenuItemConstructorOptions[] {
  const develop: MenuItemConstructorOptions[] = o.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(o.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: actions.newWorkspace },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: actions.openWorkspace },
        { label: 'Open Demo Campaign', click: actions.openDemo },
        { type: 'separator' },
        o.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...develop,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
