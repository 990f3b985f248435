import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStarted } from '../../../src-main/contract/jobs';
import { METRICS, XLSX_NUMBER_FORMATS, formatMetric } from '../../../src-main/contract/metrics';
import { roiInput, type RoiResult } from '../../../src-main/contract/roi';
import { createDispatcher } from '../../../src-main/core/dispatcher';
import { runDraw } from '../../../src-main/core/draw/draw';
import { getRoi } from '../../../src-main/core/roi/metrics';
import { exportSegmentCsv } from '../../../src-main/core/segments/export';
import type { Session } from '../../../src-main/core/session';
import { ace } from '../helpers/cli';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/**
 * The CLI's segment, draw and export commands go through the dispatcher (contract methods, jobs that write
 * a file), and the ROI export reads its headers and number formats from the metric catalogue.
 */
const dir = tempDir('ace-cli-dispatch-');
const desktop = { host: 'cli' as const, version: 't', nativeDialogs: false };
const web = { host: 'web' as const, version: 't', nativeDialogs: false };
const xml = (s: string) => s.replace(/"/g, '&quot;');

describe('roi.export: the ROI table or chart as a job that writes a file', () => {
  let s: Session;
  let call: <T>(method: string, input?: unknown, host?: typeof desktop | typeof web) => Promise<T>;

  beforeAll(async () => {
    s = await demoSession(dir, 'roi-export.duckdb', 2000);
    call = async <T>(method: string, input: unknown = {}, host: typeof desktop | typeof web = desktop) => {
      const r = await createDispatcher({ session: s, host })(method, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
  });
  afterAll(() => s.close());

  const exported = async (input: Record<string, unknown>) => {
    const { jobId } = await call<JobStarted>('roi.export', input);
    const job = await s.jobs.wait(jobId);
    expect(job.state, job.message).toBe('done');
    return job.output!;
  };

  it('writes CSV headed with the catalogue’s short labels, the figures as numbers, the total last', async () => {
    const r = await getRoi(s.requireDb(), roiInput.parse({ by: 'market' }));
    const path = join(dir, 'roi.csv');
    const output = await exported({ by: 'market', path });
    expect(output).toMatchObject({ path, rows: r.rows.length + 1 });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      [
        'Group',
        ...(
          [
            'spend',
            'entries',
            'unique_entrants',
            'redeemers',
            'redemptions',
            'revenue',
            'discounts',
            'cost_per_entry',
            'cost_per_redemption',
            'redemption_rate',
            'roas',
            'roi',
          ] as const
        ).map((id) => METRICS[id].short),
      ].join(','),
    );
    expect(lines[0]!.startsWith('Group,Spend,Entries,')).toBe(true);
    expect(lines).toHaveLength(r.rows.length + 2);
    const total = lines.at(-1)!.split(',');
    expect(total[0]).toBe('Total');
    expect(Number(total[1])).toBe(r.total.spend);
    expect(Number(total[11])).toBeCloseTo(r.total.roas!, 9);
  });

  it('gives each XLSX figure the catalogue’s number format: ROAS as a multiple, ratios as percent', async () => {
    const path = join(dir, 'roi.xlsx');
    await exported({ by: 'channel', format: 'xlsx', path });
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const styles = strFromU8(files['xl/styles.xml']!);
    for (const f of ['money', 'count', 'percent', 'times'] as const) expect(styles).toContain(xml(XLSX_NUMBER_FORMATS[f]));
    // ROAS is a multiple (2.34x), never a percent; no format outside the catalogue.
    expect(styles).not.toContain('0.00%');
    const formats = [...styles.matchAll(/formatCode="([^"]*)"/g)].map((m) => m[1]);
    expect(formats.every((f) => Object.values(XLSX_NUMBER_FORMATS).map(xml).includes(f!))).toBe(true);
  });

  it('draws the chart as SVG with the catalogue’s names for its series', async () => {
    const path = join(dir, 'roi.svg');
    await exported({ by: 'media_type', format: 'svg', path });
    const svg = readFileSync(path, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(METRICS.spend.short);
    expect(svg).toContain(METRICS.revenue.short);
  });

  it('refuses a bad question before it starts, a path in browser mode, and downloads there instead', async () => {
    await expect(call('roi.export', { by: 'zip', path: join(dir, 'x.csv') })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(call('roi.export', { format: 'pdf', path: join(dir, 'x.pdf') })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(call('roi.export', { path: join(dir, 'x.csv') }, web)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const { jobId, fileName } = await call<JobStarted>('roi.export', { by: 'week', format: 'xlsx' }, web);
    expect(fileName).toBe('roi-by-week.xlsx');
    const job = await s.jobs.wait(jobId);
    expect(job.state).toBe('done');
    expect(job.output?.downloadUrl).toBeTruthy();
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

describe('ace segment, draw and export through the dispatcher', () => {
  const ws = join(dir, 'cli.duckdb');
  let drawId = '';
  let members = '';

  beforeAll(async () => {
    const s = await demoSession(dir, 'cli.duckdb', 2000);
    drawId = (await runDraw(s.requireDb(), { tier: 'Grand', count: 2, seed: 'cli' })).drawId;
    members = (await exportSegmentCsv(s.requireDb(), { type: 'reachable', channel: 'email' }, ['entrant_id', 'entries'])).csv;
    await s.close();
  });

  it('ace roi heads and writes its figures as the catalogue says', async () => {
    const r = await ace(['roi', '--workspace', ws, '--by', 'channel']);
    expect(r.code).toBe(0);
    const [head, first] = r.stdout.split('\n');
    expect(head!.split(/\s{2,}/)).toEqual([
      'group',
      'spend',
      'entries',
      'unique entrants',
      'redemptions',
      'revenue',
      'cost / entry',
      'cost / redemption',
      'redemption rate',
      'ROAS',
      'ROI',
    ]);
    const json = JSON.parse((await ace(['roi', '--workspace', ws, '--by', 'channel', '--json'])).stdout) as RoiResult;
    const row = json.rows[0]!;
    expect(first).toContain(formatMetric('spend', row.spend));
    expect(first).toContain(formatMetric('roas', row.roas));
    expect(first).toContain(formatMetric('redemption_rate', row.redemption_rate));
  });

  it('ace segment export without --out prints the job’s CSV, and leaves no temp file', async () => {
    const rule = join(dir, 'rule.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(rule, JSON.stringify({ type: 'reachable', channel: 'email' }));
    const r = await ace(['segment', 'export', '--workspace', ws, '--rule', rule, '--columns', 'entrant_id,entries']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(members);
    const out = await ace([
      'segment',
      'export',
      '--workspace',
      ws,
      '--rule',
      rule,
      '--columns',
      'entrant_id',
      '--out',
      join(dir, 'm.csv'),
      '--json',
    ]);
    expect(JSON.parse(out.stdout)).toEqual({ rows: members.trim().split('\r\n').length - 1, file: join(dir, 'm.csv') });
    const bad = await ace(['segment', 'export', '--workspace', ws, '--rule', rule, '--columns', 'shoe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ace: --columns: /);
    const missing = await ace(['segment', 'show', '--workspace', ws, '--id', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('ace: there is no segment nope (see: segment list)\n');
  });

  it('ace draw --report writes the audit PDF through the draw.exportReport job', async () => {
    const pdf = join(dir, 'report.pdf');
    const r = await ace(['draw', '--workspace', ws, '--report', drawId, '--out', pdf, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out: pdf });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    const text = await ace(['draw', '--workspace', ws, '--report', drawId, '--out', pdf]);
    expect(text.stdout).toBe(`Wrote the audit report of Grand to ${pdf}\n`);
    const none = await ace(['draw', '--workspace', ws, '--report', 'nope', '--out', pdf]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('ace: there is no draw nope (see: draw --list)\n');
    const list = JSON.parse((await ace(['draw', '--workspace', ws, '--list', '--json'])).stdout) as { drawId: string }[];
    expect(list.map((d) => d.drawId)).toEqual([drawId]);
  });

  it('ace export writes the file through roi.export and reports it as before', async () => {
    const csv = join(dir, 'cli-roi.csv');
    const json = JSON.parse((await ace(['roi', '--workspace', ws, '--by', 'market', '--json'])).stdout) as RoiResult;
    const r = await ace(['export', '--workspace', ws, '--by', 'market', '--out', csv, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out: csv, rows: json.rows.length + 1 });
    const text = await ace(['export', '--workspace', ws, '--by', 'market', '--out', csv]);
    expect(text.stdout).toBe(`Wrote ${csv} (${json.rows.length} groups and the total)\n`);
    const odd = await ace(['export', '--workspace', ws, '--out', join(dir, 'x.constructor')]);
    expect(odd.code).toBe(2);
    const nowhere = await ace(['export', '--workspace', ws, '--out', join(dir, 'missing', 'x.csv')]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/^ace: The folder .*missing does not exist/);
  });
});
