import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostCallbacks } from '../../../src-main/core-host/host-calls';
import { tempDir } from '../helpers/tmp';
import { appEntry, buildCoreEntry, driveCore, fakeOpen, fakeSeal, type Driven } from './harness';

/**
 * The core in its own process, as the desktop app runs it (Electron's utilityProcess there, a Node
 * child here: the same entry and relay), driven through the real relay client.
 */
const dir = tempDir('ace-core-host-');
let entry = '';
beforeAll(async () => {
  entry = await buildCoreEntry();
}, 120_000);

/** Host callbacks as main answers them, recording what the core asked for. */
function fakeHost(over: Partial<HostCallbacks> = {}) {
  const asked: [string, unknown][] = [];
  const rec =
    <A, R>(name: string, f: (a: A) => Promise<R>) =>
    async (a: A) => {
      asked.push([name, a]);
      return f(a);
    };
  const host: HostCallbacks = {
    pickOpenWorkspace: rec('pickOpenWorkspace', async () => null),
    pickNewWorkspace: rec('pickNewWorkspace', async () => join(dir, 'picked.duckdb')),
    pickImportFiles: rec('pickImportFiles', async () => ['/tmp/a.csv']),
    pickSavePath: rec('pickSavePath', async (a) => join(dir, a.defaultName)),
    printToPdf: rec('printToPdf', async () => new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255])),
    keychainStatus: rec('keychainStatus', async () => ({ ok: true as const })),
    keychainEncrypt: rec('keychainEncrypt', async ({ plain }) => fakeSeal(plain)),
    keychainDecrypt: rec('keychainDecrypt', async ({ sealed }) => fakeOpen(sealed)),
    ...over,
  };
  return { host, asked };
}

describe('the core process, driven over the relay', () => {
  let d: Driven;
  let asked: [string, unknown][];
  const data = join(dir, 'data');
  const ws = join(dir, 'picked.duckdb');

  it('answers app.info as the desktop host, after opening its sealed secrets at start', async () => {
    const fh = fakeHost();
    asked = fh.asked;
    // A secret sealed in an earlier session: opened once at start, through main.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'secrets.json'), JSON.stringify({ con_old: Buffer.from(fakeSeal('whsec_old')).toString('base64') }));
    d = driveCore(entry, fh.host, data);
    const r = await d.client.invoke('app.info', {});
    expect(r).toEqual({
      ok: true,
      value: { version: '9.9.9-test', host: 'electron', capabilities: { nativeDialogs: true }, workspace: null },
    });
    expect(asked.map((a) => a[0])).toEqual(['keychainStatus', 'keychainDecrypt']);
    expect(d.client.status).toBe('ready');
  });

  it('errors cross as data: unknown method, bad input, a failing handler', async () => {
    expect(await d.client.invoke('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await d.client.invoke('workspace.open', { path: 42 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Path: expected text/) },
    });
    expect(await d.client.invoke('overview.get', {})).toMatchObject({ ok: false, error: { code: 'NO_WORKSPACE' } });
  });

  it('workspace.pickNew asks main for the path (host call), creates the workspace and announces it', async () => {
    const changed = d.next('workspace.changed');
    const r = await d.client.invoke('workspace.pickNew', {});
    expect(r).toMatchObject({ ok: true, value: { path: ws } });
    expect(await changed).toMatchObject({ workspace: { path: ws } });
    expect(asked.at(-1)).toEqual(['pickNewWorkspace', {}]);
    expect(existsSync(ws)).toBe(true);
  });

  it('bytes cross as bytes both ways: a PDF from main, Arrow from the core', async () => {
    const pdf = await d.client.invoke('app.printToPdf', { landscape: false });
    expect(pdf).toEqual({ ok: true, value: { pdfBase64: Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 255]).toString('base64') } });
    expect(asked.at(-1)).toEqual(['printToPdf', { landscape: false }]);
    const arrow = await d.client.invoke('overview.entriesPerDay', {});
    expect(arrow.ok).toBe(true);
    expect((arrow as { value: unknown }).value).toBeInstanceOf(Uint8Array);
  });

  it('the job runner’s save dialog is a host call (pickSavePath)', async () => {
    const r = await d.client.invoke('jobs.pickSavePath', { fileName: 'members.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(r).toEqual({ ok: true, value: { path: join(dir, 'members.csv') } });
    expect(asked.at(-1)).toEqual(['pickSavePath', { defaultName: 'members.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] }]);
  });

  it('a secret is sealed by main and only ciphertext is written', async () => {
    const r = await d.client.invoke('connectors.save', {
      name: 'Hook',
      config: { kind: 'webhook', endpoint: 'https://hooks.example.com/ace' },
      secret: 'whsec_dGVzdHRlc3R0ZXN0dGVzdA==',
    });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, value: { hasSecret: true, secretSource: 'keychain' } });
    const list = await d.client.invoke('connectors.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ hasSecret: true, secretSource: 'keychain' }] });
    expect(asked.some((a) => a[0] === 'keychainEncrypt')).toBe(true);
  });

  it('shutdown closes the workspace (DuckDB checkpoints, no WAL left) and the process exits', async () => {
    expect(await d.client.shutdown()).toBe('closed');
    expect(d.client.status).toBe('stopped');
    expect(d.down).toEqual([]);
    expect(existsSync(`${ws}.wal`)).toBe(false);
    const secrets = readFileSync(join(data, 'secrets.json'), 'utf8');
    expect(Object.keys(JSON.parse(secrets)).length).toBe(2);
    expect(secrets).not.toMatch(/whsec_/);
    // After shutdown, calls are answered at once, never left hanging.
    expect(await d.client.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/not running/) },
    });
  });

  it('a core that dies answers what was in flight with an error, reports it, and can be started again', async () => {
    // A dialog nobody answers keeps workspace.pick in flight while the process is killed.
    let asking!: () => void;
    const asked = new Promise<void>((r) => (asking = r));
    const fh = fakeHost({
      pickOpenWorkspace: () => {
        asking();
        return new Promise(() => undefined);
      },
    });
    const e = driveCore(entry, fh.host, data);
    expect((await e.client.invoke('workspace.open', { path: ws })).ok).toBe(true);
    const inFlight = e.client.invoke('workspace.pick', {});
    // The dialog is open (the core's call reached the host): the pick is in flight.
    await asked;
    process.kill(e.pids[0]!, 'SIGKILL');
    expect(await inFlight).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/stopped unexpectedly/) },
    });
    expect(e.down).toHaveLength(1);
    expect(e.client.status).toBe('stopped');
    // Relaunched: the workspace file opens again (a killed DuckDB replays its WAL).
    e.client.start();
    expect(await e.client.invoke('workspace.open', { path: ws })).toMatchObject({ ok: true, value: { path: ws } });
    expect(await e.client.invoke('connectors.list', {})).toMatchObject({ ok: true, value: [{ secretSource: 'keychain' }] });
    expect(await e.client.shutdown()).toBe('closed');
  });
});

describe('the core as electron-vite builds it for the app (out/main/core.js)', () => {
  it.skipIf(!existsSync(appEntry))('runs under plain Node: starts, opens a workspace, closes cleanly', async () => {
    const fh = fakeHost({ pickNewWorkspace: async () => join(dir, 'built.duckdb') });
    const d = driveCore(appEntry, fh.host, join(dir, 'data-built'));
    expect(await d.client.invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'electron', version: '9.9.9-test' } });
    expect(await d.client.invoke('workspace.pickNew', {})).toMatchObject({ ok: true, value: { path: join(dir, 'built.duckdb') } });
    expect(await d.client.invoke('overview.get', {})).toMatchObject({ ok: true });
    expect(await d.client.shutdown()).toBe('closed');
    expect(d.down).toEqual([]);
  });
});
