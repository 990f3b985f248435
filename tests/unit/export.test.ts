import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { RoiResult } from '../../src-main/contract/roi';
import { ace } from './helpers/cli';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';

/** `ace export`: the ROI table as CSV and XLSX equals `ace roi --json`; the chart is a real SVG. */
const dir = tempDir('ace-export-');

describe('ace export', () => {
  it('writes the ROI table as CSV and XLSX with the same figures as the API, and the chart as SVG', async () => {
    const s = await demoSession(dir, 'e.duckdb', 2000);
    await s.close();
    const ws = join(dir, 'e.duckdb');
    const r = JSON.parse((await ace(['roi', '--workspace', ws, '--by', 'market', '--json'])).stdout) as RoiResult;

    const csvOut = join(dir, 'roi.csv');
    expect((await ace(['export', '--workspace', ws, '--by', 'market', '--out', csvOut])).code).toBe(0);
    const lines = readFileSync(csvOut, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('Group,Spend,Entries,')).toBe(true);
    expect(lines).toHaveLength(r.rows.length + 2);
    const total = lines.at(-1)!.split(',');
    expect(total[0]).toBe('Total');
    expect(Number(total[1])).toBe(r.total.spend);
    expect(Number(total[2])).toBe(r.total.entries);
    expect(Number(total[6])).toBe(r.total.revenue);

    const xlsxOut = join(dir, 'roi.xlsx');
    expect((await ace(['export', '--workspace', ws, '--by', 'market', '--out', xlsxOut])).code).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(xlsxOut)));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    // Numbers are numbers (not text), the total spend among them, to the cent.
    expect(sheet).toContain(`<v>${r.total.spend}</v>`);
    expect(sheet).toContain(`<v>${r.total.entries}</v>`);
    const styles = strFromU8(files['xl/styles.xml']!);
    expect(styles).toContain('#,##0.00');
    // Ratios as percents and ROAS as a multiple, as the metric catalogue writes them.
    expect(styles).toContain('0.0%');
    expect(styles).toContain('0.00&quot;x&quot;');
    expect(styles).not.toContain('0.00%');

    const svgOut = join(dir, 'roi.svg');
    expect((await ace(['export', '--workspace', ws, '--by', 'market', '--out', svgOut])).code).toBe(0);
    const svg = readFileSync(svgOut, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const row of r.rows.filter((x) => x.key && x.spend > 0)) expect(svg).toContain(row.label);
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(r.rows.length);

    const bad = await ace(['export', '--workspace', ws, '--out', join(dir, 'roi.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`ace: --out must end in .csv, .xlsx or .svg (got "${join(dir, 'roi.pdf')}")\n`);
  }, 120_000);
});
