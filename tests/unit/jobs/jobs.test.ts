import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import Papa from 'papaparse';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo, JobStarted } from '../../../src-main/contract/jobs';
import { createDispatcher } from '../../../src-main/core/dispatcher';
import { runDraw } from '../../../src-main/core/draw/draw';
import { writeRawRows } from '../../../src-main/core/export/rows';
import { copyDelimitedSql, delimitedText, neutralise } from '../../../src-main/core/export/tabular';
import { importFile } from '../../../src-main/core/import/importer';
import type { Session } from '../../../src-main/core/session';
import { exportSegmentCsv } from '../../../src-main/core/segments/export';
import { countSegment } from '../../../src-main/core/segments/run';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';
import { onEveryCore } from '../helpers/threads';

onEveryCore();

const dir = tempDir('ace-jobs-');
const out = join(dir, 'out');
const desktop = { host: 'electron' as const, version: 't', nativeDialogs: true };

const RAW_COLUMNS = [
  'entry_id',
  'entered_at',
  'channel',
  'keyword',
  'media_buy_id',
  'media_buy',
  'entrant_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'zip',
  'age',
  'product_affinity',
  'purchase_timeframe',
  'email_opt_in',
  'sms_opt_in',
  'coupon_code',
  'redemptions',
  'revenue',
  'valid',
  'invalid_reasons',
];

describe('jobs: exports written to a file, with progress, cancel and no partial file', () => {
  let s: Session;
  let call: <T>(method: string, input?: unknown) => Promise<T>;
  const finished: { taskId: string; ok: boolean; kind?: string; cancelled?: boolean }[] = [];
  const progress = new Map<string, number>();

  beforeAll(async () => {
    s = await demoSession(dir);
    const dispatch = createDispatcher({ session: s, host: desktop });
    call = async <T>(method: string, input: unknown = {}) => {
      const r = await dispatch(method, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
    s.events.subscribe((name, p) => {
      const e = p as { taskId: string; ok: boolean; kind?: string; cancelled?: boolean };
      if (name === 'task.finished') finished.push(e);
      if (name === 'task.progress') progress.set(e.taskId, (progress.get(e.taskId) ?? 0) + 1);
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
  }, 120_000);
  afterAll(() => s.close());

  const run = async (method: string, input: Record<string, unknown>): Promise<JobInfo> => {
    const started = await call<JobStarted>(method, input);
    return s.jobs.wait(started.jobId);
  };

  it('exports a segment as CSV to the chosen path: the same bytes as the CLI, every member once', async () => {
    const rule = { type: 'reachable', channel: 'sms' } as const;
    const path = join(out, 'members.csv');
    const info = await run('segments.export', {
      rule,
      columns: ['entrant_id', 'phone', 'entries', 'reachable_sms'],
      path,
      jobId: 'seg-csv',
    });
    expect(info).toMatchObject({ state: 'done', kind: 'export', output: { path, fileName: 'members.csv' } });
    const text = readFileSync(path, 'utf8');
    const { people } = await countSegment(s.requireDb(), rule);
    expect(info.output!.rows).toBe(people);
    expect(info.output!.bytes).toBe(Buffer.byteLength(text));
    expect(text).toBe((await exportSegmentCsv(s.requireDb(), rule, ['entrant_id', 'phone', 'entries', 'reachable_sms'])).csv);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('entrant_id,phone,entries,reachable_sms');
    expect(lines).toHaveLength(people + 1);
    // Phones stay E.164 as they are (a "+" and digits cannot act as a formula; an SMS tool reads them).
    expect(
      lines
        .slice(1)
        .filter((l) => !/^P[0-9A-F]{16},\+\d+,\d+,true$/.test(l))
        .slice(0, 3),
    ).toEqual([]);
    expect(finished.find((f) => f.taskId === 'seg-csv')).toMatchObject({ ok: true, kind: 'export' });
    expect(progress.get('seg-csv')).toBeGreaterThan(0);
    // Nothing but the file is left in the folder (no temp name).
    expect(readdirSync(out)).toEqual(['members.csv']);
  });

  it('exports the same members as XLSX through the same method: a row per person, numbers as numbers', async () => {
    const rule = { all: [] };
    const path = join(out, 'members.xlsx');
    const info = await run('segments.export', { rule, columns: ['entrant_id', 'entries'], format: 'xlsx', path });
    const { people } = await countSegment(s.requireDb(), rule);
    expect(info.output).toMatchObject({ rows: people, path });
    const sheet = strFromU8(unzipSync(new Uint8Array(readFileSync(path)))['xl/worksheets/sheet1.xml']!);
    expect((sheet.match(/<row /g) ?? []).length).toBe(people + 1);
    expect(sheet).toMatch(/<c r="B2"[^>]*><v>\d+<\/v><\/c>/);
  });

  it('exports every raw row behind the filters, streamed by DuckDB, as many as the pivot counts', async () => {
    const all = await run('pivot.exportRows', { filters: [], path: join(out, 'rows.csv') });
    const rows = Papa.parse<string[]>(readFileSync(join(out, 'rows.csv'), 'utf8'), { skipEmptyLines: true }).data;
    const { entries } = await call<{ entries: number }>('pivot.count', { filters: [] });
    // No personal column unless asked for.
    expect(rows[0]).toEqual(RAW_COLUMNS.filter((c) => !['email', 'phone', 'first_name', 'last_name'].includes(c)));
    expect(rows.length - 1).toBe(entries);
    expect(all.output!.rows).toBe(entries);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(entries);
    const sms = await run('pivot.exportRows', {
      filters: [{ field: 'channel', op: 'in', values: ['sms'] }],
      format: 'tsv',
      personal: ['phone', 'first_name'],
      what: 'Explore rows: Channel is sms',
      path: join(out, 'sms.tsv'),
    });
    const tsv = readFileSync(join(out, 'sms.tsv'), 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split('\t'));
    expect(tsv[0]).toEqual(RAW_COLUMNS.filter((c) => !['email', 'last_name'].includes(c)));
    expect(tsv.slice(1).every((r) => r[2] === 'sms')).toBe(true);
    expect(tsv.length - 1).toBe(
      (await call<{ entries: number }>('pivot.count', { filters: [{ field: 'channel', op: 'in', values: ['sms'] }] })).entries,
    );
    expect(sms.output!.rows).toBe(tsv.length - 1);
  });

  it('writes the raw rows range by range into one file: one header, every row once, progress per range', async () => {
    const path = join(out, 'ranges.csv');
    const seen: number[] = [];
    const rows = await writeRawRows(s.requireDb(), [], path, 'csv', { chunk: 700, onProgress: (n) => seen.push(n) });
    const { entries } = await call<{ entries: number }>('pivot.count', { filters: [] });
    expect(rows).toBe(entries);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines.filter((l) => l.startsWith('entry_id,')).length).toBe(1);
    expect(lines.length - 1).toBe(entries);
    expect(seen.length).toBeGreaterThanOrEqual(Math.ceil(entries / 700));
    expect(seen.at(-1)).toBe(entries);
    expect(readFileSync(join(out, 'rows.csv'), 'utf8')).toBe(readFileSync(path, 'utf8'));
    expect(existsSync(`${path}.range`)).toBe(false);
  });

  it('a cancelled export leaves no file and no temp file, and says it was cancelled', async () => {
    const path = join(out, 'cancelled.csv');
    const started = await call<JobStarted>('pivot.exportRows', { filters: [], path });
    expect(await call('jobs.cancel', { jobId: started.jobId })).toEqual({ cancelled: true });
    const info = await s.jobs.wait(started.jobId);
    expect(info.state).toBe('cancelled');
    expect(finished.find((f) => f.taskId === started.jobId)).toMatchObject({ ok: false, cancelled: true });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('cancelled'))).toEqual([]);
    expect(await call('jobs.cancel', { jobId: started.jobId })).toEqual({ cancelled: false });
  });

  it('cancel interrupts DuckDB in the middle of writing: the half-written file is removed', async () => {
    const path = join(out, 'huge.csv');
    const db = s.requireDb();
    const { jobId } = s.jobs.start({
      kind: 'export',
      label: 'A very long export',
      fileName: 'huge.csv',
      path,
      run: async (ctx) => {
        await db.arrow(
          copyDelimitedSql(`SELECT range AS n, repeat('x', 50) AS pad FROM range(2000000000)`, ctx.file, 'csv'),
          [],
          ctx.signal,
        );
        return {};
      },
    });
    const tmpOf = () => readdirSync(out).find((f) => f.startsWith('.huge.csv.'));
    for (let i = 0; i < 200 && !tmpOf(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(tmpOf()).toBeDefined();
    expect(s.jobs.cancel(jobId)).toBe(true);
    expect((await s.jobs.wait(jobId)).state).toBe('cancelled');
    expect(existsSync(path)).toBe(false);
    expect(tmpOf()).toBeUndefined();
  }, 60_000);

  it('a failed job leaves no file and reports why', async () => {
    const path = join(out, 'failed.csv');
    const { jobId } = s.jobs.start({
      kind: 'export',
      label: 'Failing',
      fileName: 'failed.csv',
      path,
      run: async (ctx) => {
        writeFileSync(ctx.file, 'half');
        throw new Error('disk on fire');
      },
    });
    const info = await s.jobs.wait(jobId);
    expect(info).toMatchObject({ state: 'failed', message: expect.stringContaining('disk on fire') });
    expect(readdirSync(out).filter((f) => f.includes('failed'))).toEqual([]);
  });

  it('exports an import’s rejects: line, reason, the original columns, formulas neutralised', async () => {
    const csvPath = join(dir, 'evil entries.csv');
    writeFileSync(
      csvPath,
      'entry_id,entered_at,email,=notes\nv1,=cmd|calc,a@x.com,"+x, y"\nv2,2026-03-01,b@x.com,ok\nv3,not a date,c@x.com,\n',
    );
    const r = await importFile(s.requireDb(), { path: csvPath, kind: 'entries' });
    const info = await run('import.exportRejects', { importId: r.importId, path: join(out, 'rejects.csv') });
    expect(info.output).toMatchObject({ rows: 2, fileName: 'rejects.csv' });
    const lines = readFileSync(join(out, 'rejects.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe(`line,reason,entry_id,entered_at,email,'=notes`);
    expect(lines[1]).toBe(`2,"Cannot read entered_at ""=cmd|calc"" as a date and time.",v1,'=cmd|calc,a@x.com,"'+x, y"`);
    expect(lines[2]).toMatch(/^4,"?Cannot read entered_at/);
    expect(lines[3]).toBe('');
  });

  it('records every file of personal data in the export log, newest first; other exports are not listed', async () => {
    const log =
      await call<{ what: string; personal: string[]; rows: number; fileName: string; via: string; by: string | null }[]>('exports.log');
    // The members with phones, the sms rows with phone and first name, the rejects; not the XLSX of ids
    // and counts, nor the raw rows without personal columns.
    expect(log.map((e) => [e.fileName, e.personal])).toEqual([
      ['rejects.csv', ['original lines']],
      ['sms.tsv', ['phone', 'first_name']],
      ['members.csv', ['phone']],
    ]);
    expect(log[1]).toMatchObject({ what: 'Explore rows: Channel is sms', via: 'desktop', by: userInfo().username });
    expect(log[2]!.rows).toBe((await countSegment(s.requireDb(), { type: 'reachable', channel: 'sms' })).people);
    expect(log[0]!.what).toMatch(/^Rejected lines of import #\d+$/);
  });

  it('writes the draw report and a dashboard PDF as jobs of kind pdf', async () => {
    const d = await runDraw(s.requireDb(), { tier: 'Grand prize', count: 2, seed: 'jobs' });
    const report = await run('draw.exportReport', { drawId: d.drawId, path: join(out, 'draw.pdf') });
    expect(report).toMatchObject({ kind: 'pdf', state: 'done' });
    expect(readFileSync(join(out, 'draw.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(out, 'draw.pdf'), 'latin1')).toContain('Winner draw: Grand prize');
    const pdf = await run('dashboards.exportPdf', {
      name: 'Results',
      pages: [
        { title: 'One', note: 'n' },
        { title: 'Two', table: { columns: ['a', 'b'], rows: [['x', '1']] } },
      ],
      path: join(out, 'dash.pdf'),
    });
    // A cover listing the tiles, then a page per tile.
    expect(pdf.output).toMatchObject({ pages: 3, bytes: expect.any(Number) });
    expect(pdf.output!.bytes).toBeGreaterThan(1000);
    expect(readFileSync(join(out, 'dash.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lists jobs, and refuses a relative path', async () => {
    const list = await call<JobInfo[]>('jobs.list');
    expect(list.find((j) => j.jobId === 'seg-csv')).toMatchObject({ state: 'done', kind: 'export' });
    await expect(call('pivot.exportRows', { path: 'relative.csv' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('tabular: one rule for every export', () => {
  it('neutralises = + - @ tab CR at the start of text, quotes what needs it, keeps numbers and empties apart', () => {
    for (const v of ['=1', '+A1', '-1+cmd|calc', '@x', '\tx', '\rx']) expect(neutralise(v)).toBe(`'${v}`);
    expect(neutralise('a=1')).toBe('a=1');
    expect(
      delimitedText(
        ['a', 'b', 'c', 'd'],
        [
          [-1, '-1+A1', '', null],
          ['x,y', 'q"q', true, 'l\nm'],
        ],
      ),
    ).toBe(`a,b,c,d\r\n-1,'-1+A1,"",\r\n"x,y","q""q",true,"l\nm"\r\n`);
    expect(delimitedText(['a'], [['x\ty']], 'tsv')).toBe('a\r\n"x\ty"\r\n');
  });
});
