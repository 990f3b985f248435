/**
 * The Electron shell: a relay only. It owns the window, the menu, native dialogs, safeStorage and
 * one IPC channel. The core (DuckDB, imports, exports, PDFs, charts) runs in its own process, so
 * heavy work never stalls the loop that moves and paints the window: calls from the page go
 * main -> core process and back, the core's events come back the same way, and what only Electron
 * can do (dialogs, the keychain, printing the window) the core asks main for (host calls).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/transport';
import { CoreClient } from '../core-host/client';
import { usePrivateFileModes } from '../core/lib/paths';
import { CSP } from '../web-host/security';
import { spawnUtilityCore } from './core-process';
import { APP_SCHEME, appFileFor, refuseSender } from './guards';
import { desktopHostCallbacks } from './host-callbacks';
import { buildMenu } from './menu';
import { createMainWindow, hardenSession } from './window';

app.enableSandbox();
// What main itself writes (window state) is the user's only; the core process does the same for its files.
usePrivateFileModes();
// The packaged renderer is served from ace://app/: file:// is what the fuses restrict, and a page
// from a standard, secure scheme of its own has an origin ('self' in the CSP) like any web page.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
// Bundled beside this file by electron-vite (electron.vite.config.ts), with db-worker.js next to it.
const coreFile = fileURLToPath(new URL('./core.js', import.meta.url));
let mainWindow: BrowserWindow | null = null;
let pendingOpen: string | null = null;
let quitting = false;
let coreClosed = false;

const dataDir = process.env.ACE_DATA_DIR ?? app.getPath('userData');

const core = new CoreClient({
  spawn: () => spawnUtilityCore(coreFile),
  config: { dataDir, version: app.getVersion(), host: 'electron', nativeDialogs: true },
  host: desktopHostCallbacks({
    showOpenDialog: (o) => (mainWindow ? dialog.showOpenDialog(mainWindow, o) : dialog.showOpenDialog(o)),
    showSaveDialog: (o) => (mainWindow ? dialog.showSaveDialog(mainWindow, o) : dialog.showSaveDialog(o)),
    // The page lays itself out for print (one slide or tile per page); Chromium renders it to PDF.
    printToPdf: async ({ landscape }) => {
      if (!mainWindow) throw new Error('No window to print.');
      return mainWindow.webContents.printToPDF({ landscape, printBackground: true, pageSize: 'Letter' });
    },
    // Sending-service secrets are sealed with the OS keychain here, on the core's behalf.
    safeStorage,
  }),
  // Events for a window being torn down are dropped (send on destroyed contents throws).
  onEvent: (name, payload) => {
    if (mainWindow && !mainWindow.webContents.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  },
  onDown: (why) => void coreDown(why.message),
});

/** Every call from the page, the menu or the OS goes to the core process. */
const dispatch = (method: string, input: unknown) => core.invoke(method, input);

/**
 * The core process died (a crash, the OS ended it, it could not start). Calls in flight have already
 * been answered with an error; the person chooses to start it again (the page reloads, since the
 * workspace it showed is closed) or to quit.
 */
async function coreDown(why: string): Promise<void> {
  if (quitting) return;
  const options = {
    type: 'error' as const,
    buttons: ['Relaunch', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    message: 'ACE stopped working.',
    detail: `${why}\n\nRelaunch starts it again; your workspace files are safe, and work that was running did not finish.`,
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response !== 0 || quitting) {
    app.quit();
    return;
  }
  core.start();
  mainWindow?.webContents.reload();
}

/** Menu commands run outside the renderer: show their errors in a native box instead of losing them. */
async function fromMenu(method: string): Promise<void> {
  const result = await dispatch(method, {});
  if (!result.ok) dialog.showErrorBox('ACE Workstation', result.error.message);
}

/** A workspace file given on the command line (a double-click on a .duckdb file, "Open with"). */
function workspaceArg(argv: string[]): string | null {
  return argv.slice(1).find((a) => a.toLowerCase().endsWith('.duckdb') && !a.startsWith('-')) ?? null;
}

async function openFromOs(path: string): Promise<void> {
  const r = await dispatch('workspace.open', { path });
  if (!r.ok) dialog.showErrorBox('ACE Workstation', r.error.message);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    const file = workspaceArg(argv);
    if (file) void openFromOs(file);
  });
  // macOS hands files over with an event instead of argv.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openFromOs(path);
    else pendingOpen = path;
  });

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own window's main frame, showing our own page, may call the core (refuseSender).
    const refused = refuseSender(event, mainWindow?.webContents);
    if (refused) return refused;
    return dispatch(String(method), input);
  });

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const f = appFileFor(rendererDir, request.url, existsSync);
      if (f.status !== 200) return new Response(null, { status: f.status });
      return new Response(await readFile(f.file), {
        headers: { 'content-type': f.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
      });
    });
    hardenSession();
    // A utility process can only be started once the app is ready; calls made meanwhile wait for it.
    core.start();
    Menu.setApplicationMenu(
      buildMenu({
        newWorkspace: () => void fromMenu('workspace.pickNew'),
        openWorkspace: () => void fromMenu('workspace.pick'),
        openDemo: () => void fromMenu('workspace.openDemo'),
      }),
    );
    mainWindow = createMainWindow(dataDir);
    mainWindow.on('closed', () => (mainWindow = null));
    const file = pendingOpen ?? workspaceArg(process.argv);
    if (file) void openFromOs(file);
  });

  app.on('window-all-closed', () => app.quit());
  // However the app quits (menu, last window, the OS), the core first closes the workspace (DuckDB
  // checkpoints and releases the file); bounded by CoreClient's shutdown timeout, then it is ended.
  app.on('before-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    void core.shutdown().finally(() => {
      coreClosed = true;
      app.quit();
    });
  });
}
