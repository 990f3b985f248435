import { BrowserWindow, dialog, screen, session, shell, type WebContents } from 'electron';
import { guardContents, isOwnUrl, rendererUrl } from './guards';
import { loadWindowState, saveWindowState } from './window-state';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../web-host/security';

const here = fileURLToPath(new URL('.', import.meta.url));

export { isOwnUrl, rendererUrl };

/** Secure defaults for every window (Electron security checklist). */
export function createMainWindow(dataDir: string): BrowserWindow {
  const state = loadWindowState(
    dataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ACE Workstation',
    backgroundColor: '#11151d',
    // Electron's security checklist, item by item (written out here, where electronegativity reads it;
    // tests/unit/electron-security.test.ts builds this window against a fake Electron and checks it).
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
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
  // Windows, navigation, redirects and <webview>: see guardContents (tested against fakes).
  guardContents(contents, (url) => void confirmExternal(url));
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
