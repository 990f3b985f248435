import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary, if this machine has one (it cannot be downloaded on every machine). */
function electronBinary(): string | null {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();

test('the desktop app opens the demo campaign in a locked-down window', async () => {
  test.skip(!bin, 'The Electron binary is not available on this machine; this smoke test runs where it is.');
  const app = await electron.launch({
    executablePath: bin!,
    args: [root],
    env: { ...process.env, ACE_DATA_DIR: mkdtempSync(join(tmpdir(), 'ace-electron-')) },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('kpi-entries').locator('.kpi-value')).toHaveText('200,000', { timeout: 60_000 });
    // The preload exposes exactly invoke and onEvent, and no Node.
    expect(await win.evaluate(() => Object.keys((window as unknown as { ace: object }).ace).sort())).toEqual(['invoke', 'onEvent']);
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // getLastWebPreferences is undocumented in the typings but present at run time.
      const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
      const w = wc.getLastWebPreferences();
      return { contextIsolation: w?.contextIsolation, sandbox: w?.sandbox, nodeIntegration: w?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    // The core runs in its own utility process (src-main/core-host), not in main: main only relays.
    const services = await app.evaluate(({ app: a }) =>
      a
        .getAppMetrics()
        .filter((m) => m.type === 'Utility')
        .map((m) => m.serviceName),
    );
    expect(services).toContain('ACE core');
    // window.open is denied.
    expect(await win.evaluate(() => window.open('https://example.com'))).toBeNull();
  } finally {
    await app.close();
  }
});
