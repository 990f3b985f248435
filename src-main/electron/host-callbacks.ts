/**
 * What the desktop shell does for the core process when asked (host calls, src-main/core-host/
 * host-calls.ts): native dialogs, printing the window, sealing secrets with the OS keychain.
 * Written over the few Electron functions it needs, passed in, so it is tested against fakes
 * (tests/unit/core-host/host-callbacks.test.ts); only types come from `electron`.
 */
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { HostCallbacks } from '../core-host/host-calls';
import { keychainCipher, keychainStatus, type SafeStorageCipher } from './guards';

export interface DesktopDeps {
  /** Electron's dialogs, parented to the main window when there is one. */
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** The main window's page as PDF (webContents.printToPDF). */
  printToPdf(options: { landscape: boolean }): Promise<Uint8Array>;
  safeStorage: SafeStorageCipher;
  platform?: NodeJS.Platform;
}

const WORKSPACE_FILTER = [{ name: 'ACE workspace', extensions: ['duckdb'] }];
/** Opening also takes a DuckLake: a local catalog, or a team lake's file (docs/lake.md). */
const OPEN_FILTER = [{ name: 'ACE workspace', extensions: ['duckdb', 'ducklake', 'acelake'] }];

export function desktopHostCallbacks(d: DesktopDeps): HostCallbacks {
  // Where there is no real keychain (Linux without a secret service) encrypt and decrypt refuse, so
  // the core keeps secrets for this session only and says so, never "keychain".
  const cipher = keychainCipher(d.safeStorage, d.platform);
  const saved = (r: { canceled: boolean; filePath?: string }) => (r.canceled || !r.filePath ? null : r.filePath);
  return {
    pickOpenWorkspace: async () => {
      const r = await d.showOpenDialog({ title: 'Open workspace', properties: ['openFile', 'promptToCreate'], filters: OPEN_FILTER });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    pickNewWorkspace: async () =>
      saved(await d.showSaveDialog({ title: 'New workspace', defaultPath: 'campaign.duckdb', filters: WORKSPACE_FILTER })),
    pickImportFiles: async () => {
      const r = await d.showOpenDialog({
        title: 'Import files',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Data exports', extensions: ['csv', 'tsv', 'txt', 'gz', 'xlsx', 'parquet', 'json', 'jsonl', 'ndjson'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return r.canceled ? [] : r.filePaths;
    },
    pickSavePath: async ({ defaultName, filters, title }) =>
      saved(
        await d.showSaveDialog({
          title: title ?? 'Save as',
          defaultPath: defaultName,
          filters: filters ?? [],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        }),
      ),
    printToPdf: async ({ landscape }) => d.printToPdf({ landscape }),
    keychainStatus: async () => keychainStatus(d.safeStorage, d.platform),
    keychainEncrypt: async ({ plain }) => new Uint8Array(cipher.encrypt(plain)),
    keychainDecrypt: async ({ sealed }) => cipher.decrypt(Buffer.from(sealed)),
  };
}
