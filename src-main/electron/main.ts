/**
 * The Electron shell: a relay only. It owns the window, the menu, native dialogs and one IPC channel;
 * everything else is the core's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/transport';
import { createDispatcher } from '../core/dispatcher';
import { KeychainSecrets } from '../core/deliver/secrets';
import { usePrivateFileModes } from '../core/paths';
import { Session } from '../core/session';
import { CSP } from '../web-host/security';
import { APP_SCHEME, appFileFor, keychainCipher, refuseSender } from './guards';
import { buildMenu } from './menu';
import { createMainWindow, hardenSession } from './window';

app.enableSandbox();
// Everything this app writes (workspaces, their WAL, exports, settings) is the user's only.
usePrivateFileModes();
// The packaged renderer is served from ace://app/: file:// is what the fuses restrict, and a page
// from a standard, secure scheme of its own has an origin ('self' in the CSP) like any web page.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
let mainWindow: BrowserWindow | null = null;
let pendingOpen: string | null = null;

const dataDir = process.env.ACE_DATA_DIR ?? app.getPath('userData');
const session = new Session({
  dataDir,
  workerUrl: new URL('./db-worker.js', import.meta.url),
  // Sending-service secrets: sealed with the OS keychain, in a file outside any workspace. Where
  // there is no real keychain (Linux without a secret service), encrypt refuses and the store keeps
  // the secret for this session only, and says so ("for this session only"), never "keychain".
  secrets: new KeychainSecrets(join(dataDir, 'secrets.json'), keychainCipher(safeStorage)),
  background: true,
});

async function pickWorkspace() {
  const result = await dialog.showOpenDialog(mainWindow!, {
    title: 'Open workspace',
    properties: ['openFile', 'promptToCreate'],
    filters: [{ name: 'ACE workspace', extensions: ['duckdb'] }],
  });
  if (result.canceled || !result.filePaths[0]) return null;
  return session.open(result.filePaths[0], { create: true });
}

async function pickNewWorkspace() {
  const result = await dialog.showSaveDialog(mainWindow!, {
    title: 'New workspace',
    defaultPath: 'campaign.duckdb',
    filters: [{ name: 'ACE workspace', extensions: ['duckdb'] }],
  });
  if (result.canceled || !result.filePath) return null;
  return session.create(result.filePath);
}

async function pickImportFiles() {
  const result = await dialog.showOpenDialog(mainWindow!, {
    title: 'Import files',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Data exports', extensions: ['csv', 'tsv', 'txt', 'parquet'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return { paths: result.canceled ? [] : result.filePaths };
}

const dispatch = createDispatcher({
  session,
  host: { host: 'electron', version: app.getVersion(), nativeDialogs: true },
  overrides: {
    'workspace.pick': pickWorkspace,
    'workspace.pickNew': pickNewWorkspace,
    'import.pickFiles': pickImportFiles,
    // The page lays itself out for print (one slide or tile per page); Chromium renders it to PDF.
    'app.printToPdf': async ({ landscape }) => {
      if (!mainWindow) throw new Error('No window to print.');
      const pdf = await mainWindow.webContents.printToPDF({ landscape, printBackground: true, pageSize: 'Letter' });
      return { pdfBase64: Buffer.from(pdf).toString('base64') };
    },
  },
});

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

  session.events.subscribe((name, payload) => mainWindow?.webContents.send(IPC_EVENT_CHANNEL, name, payload));

  app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const f = appFileFor(rendererDir, request.url, existsSync);
      if (f.status !== 200) return new Response(null, { status: f.status });
      return new Response(await readFile(f.file), { headers: { 'content-type': f.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } });
    });
    hardenSession();
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

  app.on('window-all-closed', () => {
    void session.close().finally(() => app.quit());
  });
}
