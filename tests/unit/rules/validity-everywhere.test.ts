import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pivotSpec, type PivotSpec } from '../../../src-main/contract/pivot';
import { roiCsv } from '../../../src-main/core/export/roi';
import { writeRawRows } from '../../../src-main/core/export/rows';
import { pivotCount, pivotValues, runPivot } from '../../../src-main/core/pivot/run';
import { getRoi } from '../../../src-main/core/roi/metrics';
import { saveRules } from '../../../src-main/core/rules/store';
import { countSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { E, plantedCampaign, RULES } from './planted';

const dir = tempDir();

/**
 * Valid entries beside all of them wherever entries are counted (#23): Explore's validity fields, ROI's cost
 * per valid entry, the raw rows export and segments, each equal to the hand-worked answers of validity.test.ts
 * (7 valid entries of 17 by 3 of 7 people; MB1 5 valid for $100, MB2 2 for $50).
 */
describe('validity in Explore, ROI, exports and segments', () => {
  let s: Session;
  const pivot = async (spec: PivotSpec) =>
    tableFromIPC(await runPivot(s.requireDb(), pivotSpec.parse(spec)))
      .toArray()
      .map((r) => r.toJSON() as Record<string, unknown>)
      .filter((r) => r.level === 1)
      .map((r) => [
        r.r0,
        ...Object.keys(r)
          .filter((k) => /^m\d$/.test(k))
          .map((k) => Number(r[k])),
      ]);

  beforeAll(async () => {
    s = await emptySession(dir);
    await plantedCampaign(s, dir);
  });
  afterAll(() => s.close());

  it('before any rules, ROI has no valid columns and every entry is valid in Explore', async () => {
    const roi = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    expect(roi.total.valid_entries).toBeUndefined();
    expect(roiCsv(roi).split('\n')[0]).not.toContain('Valid');
    expect(await pivot({ rows: ['validity'], measures: [{ fn: 'entries' }] })).toEqual([['valid', 17]]);
  });

  it('Explore: entries and people by validity and by reason; a filter on it; its values', async () => {
    await saveRules(s.requireDb(), RULES);
    expect(await pivot({ rows: ['validity'], measures: [{ fn: 'entries' }, { fn: 'unique_entrants' }] })).toEqual([
      ['invalid', 10, 6],
      ['valid', 7, 3],
    ]);
    expect(await pivot({ rows: ['invalid_reasons'], measures: [{ fn: 'entries' }] })).toEqual([
      ['excluded', 2],
      ['ineligible state', 1],
      ['outside period', 2],
      ['over limit', 4],
      ['under age', 1],
      [null, 7],
    ]);
    const valid = [{ field: 'validity' as const, op: 'in' as const, values: ['valid'] }];
    expect(await pivotCount(s.requireDb(), { filters: valid })).toEqual({ entries: 7 });
    expect(await pivot({ rows: ['media_buy'], measures: [{ fn: 'entries' }], filters: valid })).toEqual([
      ['MB1', 5],
      ['MB2', 2],
    ]);
    expect((await pivotValues(s.requireDb(), { field: 'validity', filters: [], limit: 10 })).values).toEqual([
      { value: 'invalid', entries: 10 },
      { value: 'valid', entries: 7 },
    ]);
  });

  it('ROI: valid entries, valid entrants and the cost per valid entry per media buy and in total, in the CSV too', async () => {
    const roi = await getRoi(s.requireDb(), { by: 'media_buy', filters: {} });
    const by = Object.fromEntries(roi.rows.map((r) => [r.key, r]));
    expect(by.MB1).toMatchObject({ entries: 12, valid_entries: 5, valid_entrants: 2, spend: 100, cost_per_valid_entry: 20 });
    expect(by.MB2).toMatchObject({ entries: 5, valid_entries: 2, valid_entrants: 2, spend: 50, cost_per_valid_entry: 25 });
    expect(roi.total).toMatchObject({ entries: 17, valid_entries: 7, valid_entrants: 3, spend: 160 });
    expect(roi.total.cost_per_valid_entry).toBeCloseTo(160 / 7, 10);
    expect(roi.notes.join(' ')).toMatch(/official rules \(version 1\)/);
    const csv = Papa.parse<string[]>(roiCsv(roi).trim()).data;
    expect(csv[0]!.slice(-3)).toEqual(['Valid entries', 'Valid entrants', 'Cost / valid entry']);
    expect(csv.find((r) => r[0] === 'Shoes print')!.slice(-3)).toEqual(['5', '2', '20']);
  });

  it('the raw rows export says of each entry whether it is valid and why not', async () => {
    const path = join(dir, 'raw.csv');
    expect(await writeRawRows(s.requireDb(), [], path, 'csv')).toBe(17);
    const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data;
    const byId = Object.fromEntries(rows.map((r) => [r.entry_id, r]));
    expect(byId.A2).toMatchObject({ valid: 'true', invalid_reasons: '' });
    expect(byId.A4).toMatchObject({ valid: 'false', invalid_reasons: 'over_limit' });
    expect(byId.B1).toMatchObject({ valid: 'false', invalid_reasons: 'under_age' });
    expect(rows.filter((r) => r.valid === 'true')).toHaveLength(7);
  });

  it('a segment of the people with an invalid entry', async () => {
    const c = await countSegment(s.requireDb(), {
      type: 'entries',
      filters: [{ field: 'validity', op: 'in', values: ['invalid'] }],
    });
    expect(c.people).toBe(6);
  });

  it('a field named only in a filter makes validity ready too, in a pivot and in a segment, right after an import', async () => {
    const filter = [{ field: 'validity' as const, op: 'in' as const, values: ['valid'] }];
    // An import drops every entry's validity (its people's entries changed); nothing has asked for it since.
    await imp(
      s,
      file(dir, 'one-more.csv', csv([E, ['Z9', '2026-04-15 12:00', 'web', 'RADIO7', 'zoe@example.com', '', '02134', '30']])),
      'entries',
    );
    expect(await pivot({ rows: ['media_buy'], measures: [{ fn: 'entries' }], filters: filter })).toEqual([
      ['MB1', 5],
      ['MB2', 2],
    ]);
    await imp(
      s,
      file(dir, 'two-more.csv', csv([E, ['Z8', '2026-04-16 12:00', 'web', 'RADIO7', 'max@example.com', '', '02134', '30']])),
      'entries',
    );
    expect((await countSegment(s.requireDb(), { type: 'entries', filters: filter })).people).toBe(3);
  });
});
