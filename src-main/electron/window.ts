import { BrowserWindow, dialog, screen, session, shell, type WebContents } from 'electron';
import { loadWindowState, saveWindowState } from './window-state';
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
export function createMainWindow(dataDir: string): BrowserWindow {
  const state = loadWindowState(dataDir, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
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
      // A middle click on a link would open a new window without going through the navigation guard.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDown(win.webContents);
  // Unsaved work on a screen: the page asks to stay; the person decides.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Discard changes and close', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'You have unsaved changes.',
      detail: 'A segment or message you are editing has not been saved.',
    });
    if (choice === 0) event.preventDefault();
  });
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  // Remembered for next time: the size and place it had before being maximized.
  let timer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      saveWindowState(dataDir, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    }, 400);
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('maximize', remember);
  win.on('unmaximize', remember);
  win.on('close', () => {
    const b = win.getNormalBounds();
    saveWindowState(dataDir, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });
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
