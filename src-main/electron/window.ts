import { BrowserWindow, dialog, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../web-host/security';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer's own URL: the dev server in development, the built file otherwise. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? new URL('../renderer/index.html', import.meta.url).href;
}

/** Is this URL our renderer (and nothing else: no remote page, no other file)? */
export function isOwnUrl(url: string): boolean {
  const own = rendererUrl();
  if (own.startsWith('file:')) return url.split('#')[0]!.split('?')[0] === own;
  return url.startsWith(own);
}

/** Secure defaults for every window (Electron security checklist). */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ACE Workstation',
    backgroundColor: '#11151d',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Never a new window inside the app. An http(s) link may open in the user's browser, after asking.
    if (/^https?:\/\//i.test(url)) void confirmExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function confirmExternal(url: string): Promise<void> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: url.slice(0, 500),
  });
  if (response === 0) await shell.openExternal(url);
}

/** Session-wide: a CSP header on every response, and no permission (camera, notifications, ...) ever granted. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
