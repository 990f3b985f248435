import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCsvConnector } from '../../src-main/core/deliver/connectors/csv';
import { exportDemoCsv } from '../../src-main/core/demo/exports';
import { Session } from '../../src-main/core/session';
import { Uploads } from '../../src-main/core/import/uploads';
import { aceProcess } from './helpers/cli';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

/**
 * Files holding people's data are their owner's only (0600), their folders 0700, on every path that
 * creates them. Before each step that starts from nothing (a new session, an open, a connector) the
 * process umask is put back to the usual 022: the umask is process-wide, so an earlier test's open
 * would otherwise hide a path that forgot to make its files private.
 * And a damaged or truncated workspace gives advice, not a raw "IO Error".
 */
const dir = tempDir('ace-private-');
const mode = (p: string) => statSync(p).mode & 0o777;
const usual = () => process.umask(0o022);
const original = process.umask();
afterEach(() => void process.umask(original));

describe('private files and folders', () => {
  it('the data folder: created 0700, and one created 0755 by an older version is tightened', () => {
    usual();
    const fresh = join(dir, 'fresh', 'data');
    new Session({ workerUrl: builtWorkerUrl(), dataDir: fresh });
    expect(mode(fresh)).toBe(0o700);
    const old = join(dir, 'old-data');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    new Session({ workerUrl: builtWorkerUrl(), dataDir: old });
    expect(mode(old)).toBe(0o700);
    // A shared folder ACE_DATA_DIR points at (sticky, like /tmp) is not the app's to lock.
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    new Session({ workerUrl: builtWorkerUrl(), dataDir: shared });
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });

  it('a new workspace, its WAL, a demo, and an older 0644 workspace reopened', async () => {
    usual();
    const data = join(dir, 'ws-data');
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: data });
    const path = join(dir, 'new.duckdb');
    await s.create(path);
    await s.generateDemo({ entries: 400, seed: 2 });
    // A write after the demo's checkpoint leaves a WAL until the next checkpoint.
    await s.setName('Private');
    expect(existsSync(`${path}.wal`)).toBe(true);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}.wal`)).toBe(0o600);
    await s.close();

    usual();
    await s.openDemo({ entries: 400, seed: 3 });
    expect(mode(s.demoPath)).toBe(0o600);
    expect(mode(data)).toBe(0o700);
    await s.close();

    const older = join(dir, 'older.duckdb');
    copyFileSync(path, older);
    chmodSync(older, 0o644);
    usual();
    await s.open(older);
    expect(mode(older)).toBe(0o600);
    await s.close();
  }, 60_000);

  it('CSV exports of the demo, CSV drops of a push, and uploads', async () => {
    usual();
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'exp-data') });
    await s.create(join(dir, 'exp.duckdb'));
    await s.generateDemo({ entries: 300, seed: 4 });
    const out = join(dir, 'exports');
    const files = await exportDemoCsv(s.requireDb(), out);
    expect(mode(out)).toBe(0o700);
    for (const f of Object.values(files)) expect(mode(f), f).toBe(0o600);
    await s.close();

    usual();
    const drop = join(dir, 'drop', 'nested');
    const c = createCsvConnector({ folder: drop, fields: ['first_name'] });
    const outcome = await c.sendBatch([{ contactId: 'P1', address: 'ann@example.com', fields: { first_name: 'Ann' } }], {
      pushId: 'psh_p',
      segment: { id: 's', name: 'S', version: 1 },
      channel: 'email',
      batchNumber: 1,
      batchCount: 1,
      idempotencyKey: 'psh_p-b1',
      signal: new AbortController().signal,
    });
    expect(outcome.kind).toBe('done');
    expect(mode(drop)).toBe(0o700);
    expect(mode(join(drop, 'psh_p-b1.csv'))).toBe(0o600);

    usual();
    const uploads = new Uploads(join(dir, 'uploads-data', 'uploads'));
    const id = uploads.begin('entries.csv', 4);
    uploads.chunk(id, 0, Buffer.from('a,b\n').toString('base64'));
    const p = uploads.finish(id);
    expect(mode(p)).toBe(0o600);
    expect(mode(join(p, '..'))).toBe(0o700);
  }, 60_000);

  it('the ace command (its own process, umask 022) makes a private workspace', () => {
    usual();
    const ws = join(dir, 'cli.duckdb');
    const r = aceProcess(['demo', '--workspace', ws, '--entries', '300', '--seed', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(ws)).toBe(0o600);
    for (const f of readdirSync(dir).filter((n) => n.startsWith('cli.duckdb'))) expect(mode(join(dir, f)), f).toBe(0o600);
  }, 120_000);
});

describe('a damaged workspace', () => {
  it('truncated or overwritten: one sentence of advice, not "IO Error"', async () => {
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'dmg-data') });
    const good = join(dir, 'good.duckdb');
    await s.create(good);
    await s.generateDemo({ entries: 3000, seed: 6 });
    await s.close();
    const size = statSync(good).size;
    const cut = join(dir, 'cut.duckdb');
    copyFileSync(good, cut);
    truncateSync(cut, Math.floor(size / 2));
    const garbled = join(dir, 'garbled.duckdb');
    copyFileSync(good, garbled);
    const fd = openSync(garbled, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size * 0.6), 0x5a), 0, Math.floor(size * 0.6), Math.floor(size * 0.15));
    closeSync(fd);
    for (const bad of [cut, garbled]) {
      const t = new Session({ workerUrl: builtWorkerUrl(), dataDir: join(dir, 'dmg-data') });
      const e = await t.open(bad).then(
        () => null,
        (x: unknown) => x as { code: string; message: string; details?: { cause?: string } },
      );
      await t.close();
      expect(e, bad).not.toBeNull();
      expect(e!.code).toBe('WORKSPACE_INVALID');
      expect(e!.message).toMatch(
        /is damaged or cut short .*: restore it from a backup copy, or import the original export files into a new workspace\.$/,
      );
      expect(e!.message).not.toMatch(/IO Error|Database error/);
      // The database's own words stay in the details, for support.
      expect(e!.details?.cause).toMatch(/IO Error/);
    }
  }, 60_000);
});
