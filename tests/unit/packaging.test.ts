import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

/**
 * Packaging: the electron-builder config is valid against electron-builder's own schema, targets the
 * three desktop platforms, hardens the binary with fuses, ships the icons, and keeps DuckDB's native
 * binding outside the asar archive; the built main bundles leave DuckDB external and it resolves and
 * loads from where they are. (Building installers needs downloads these machines cannot make.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
interface Platform {
  target: string[];
  icon: string;
}
interface BuilderConfig {
  $schema?: string;
  appId: string;
  icon: string;
  asarUnpack: string[];
  linux: Platform;
  win: Platform;
  mac: Platform;
  fileAssociations: { ext: string }[];
  electronFuses: Record<string, boolean>;
  extraResources: { from: string; to: string; filter: string[] }[];
}
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8')) as BuilderConfig;

describe('electron-builder config', () => {
  it('is valid against electron-builder’s schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, schemaId: 'auto', unknownFormats: 'ignore', logger: false });
    const { $schema: _, ...rest } = config;
    const valid = ajv.validate(schema, rest);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('targets Linux (AppImage, deb), Windows (nsis) and macOS (dmg) with an app id and icons', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    for (const icon of [config.icon, config.linux.icon, config.win.icon, config.mac.icon]) expect(existsSync(join(root, icon))).toBe(true);
    const png = readFileSync(join(root, 'resources/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(config.fileAssociations[0]?.ext).toBe('duckdb');
  });

  it('ships the PDF fonts beside the app, where core/lib/fonts.ts looks for them', async () => {
    const { FONT_FILES } = await import('../../src-main/core/lib/fonts');
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'resources/fonts', to: 'fonts' }));
    const shipped = config.extraResources.find((r) => r.to === 'fonts')!;
    for (const file of Object.values(FONT_FILES)) {
      expect(existsSync(join(root, 'resources/fonts', file)), file).toBe(true);
      expect(
        shipped.filter.some((f) => new RegExp(`^${f.replace('.', '\\.').replace('*', '.*')}$`).test(file)),
        file,
      ).toBe(true);
    }
    // Each font's licence goes with it.
    expect(readdirSync(join(root, 'resources/fonts')).filter((f) => f.startsWith('LICENSE-'))).toHaveLength(3);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('unpacks every native DuckDB binary from the asar archive', () => {
    const natives = readdirSync(join(root, 'node_modules/@duckdb'))
      .filter((d) => d.startsWith('node-bindings'))
      .flatMap((d) =>
        readdirSync(join(root, 'node_modules/@duckdb', d))
          .filter((f) => f.endsWith('.node'))
          .map((f) => `node_modules/@duckdb/${d}/${f}`),
      );
    expect(natives.length).toBeGreaterThan(0);
    const patterns = config.asarUnpack.map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*\*\/\*/g, '.*')
            .replace(/\*/g, '[^/]*')}$`,
        ),
    );
    for (const f of natives)
      expect(
        patterns.some((re) => re.test(f)),
        f,
      ).toBe(true);
  });
});

describe('the built main bundles', () => {
  const worker = join(root, 'out/main/db-worker.js');
  it('leave DuckDB’s native binding external (its JavaScript API bundled), and it resolves and loads from the bundle’s folder', () => {
    expect(existsSync(worker), 'run `npm run build` first').toBe(true);
    const text = readFileSync(worker, 'utf8');
    // The API's ~60 CommonJS modules are in the worker (electron.vite.config.ts); the binding is not.
    expect(text).not.toMatch(/from ["']@duckdb\/node-api["']|require\(["']@duckdb\/node-api["']\)/);
    expect(text).toMatch(/require\(["']@duckdb\/node-bindings["']\)/);
    expect(text).not.toContain('duckdb.node');
    const bindingsPath = createRequire(worker).resolve('@duckdb/node-bindings');
    expect(bindingsPath).toContain('node_modules/@duckdb/node-bindings');
    // The native binding itself loads (what the packaged app does from app.asar.unpacked).
    const bindings = createRequire(worker)('@duckdb/node-bindings') as { open?: unknown };
    expect(typeof bindings.open).toBe('function');
  });

  it('split main (the shell, index.js) from the core process (core.js), with the DuckDB worker beside the core', () => {
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
    const core = join(root, 'out/main/core.js');
    expect(existsSync(core), 'run `npm run build` first').toBe(true);
    // The shell loads none of the heavy modules; the core loads no Electron (a utility process has none of main's API).
    for (const heavy of ['@duckdb/node-api', 'pdfkit', 'fontkit', 'apache-arrow', 'papaparse'])
      expect(main, heavy).not.toContain(`from "${heavy}"`);
    expect(readFileSync(core, 'utf8')).not.toMatch(/from ["']electron["']|require\(["']electron["']\)/);
    expect(existsSync(join(root, 'out/main/db-worker.js'))).toBe(true);
    // It names the worker beside itself (core-host/entry.ts), not beside a shared chunk.
    expect(readFileSync(core, 'utf8')).toMatch(/new URL\(["']\.\/db-worker\.js["'], /);
  });
});
