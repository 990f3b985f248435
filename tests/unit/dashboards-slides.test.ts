import { describe, expect, it } from 'vitest';
import type { DashboardTile } from '../../src-main/contract/dashboards';
import type { PivotFieldInfo, SavedView } from '../../src-main/contract/pivot';
import { buildModel, orderLines, type RawLine } from '../../src-renderer/lib/pivotModel';
import { tileScope, scopeLine } from '../../src-renderer/features/dashboards/slideScope';
import { headerRows, pdfTableOf, pivotSlideModel, shownLabels } from '../../src-renderer/features/dashboards/slideTable';

const tile = (kind: DashboardTile['kind'], viewId?: string): DashboardTile => ({
  tileId: 't',
  kind,
  viewId,
  title: 'T',
  note: '',
  x: 0,
  y: 0,
  w: 6,
  h: 4,
});
const NONE = { channel: [], market: [], media_type: [] };
const fields = new Map<string, PivotFieldInfo>([
  ['channel', { id: 'channel', label: 'Channel', kind: 'dimension', group: 'Campaign' }],
  ['age', { id: 'age', label: 'Age', kind: 'number', group: 'Person' }],
]);
const view = (filters: SavedView['spec']['filters']): SavedView => ({
  viewId: 'v',
  name: 'V',
  chart: 'table',
  updatedAt: '',
  spec: { rows: ['market'], cols: [], measures: [{ fn: 'entries' }], filters, totals: true },
});
const campaign = { from: '2026-03-02', to: '2026-05-31' };

describe('what a slide says it covers', () => {
  it('the dashboard’s dates and filters, and a saved view’s own, in words', () => {
    const s = tileScope(
      tile('view', 'v'),
      { ...NONE, from: '2026-03-15', to: '2026-04-10', market: ['Boston'] },
      {
        view: view([
          { field: 'channel', op: 'in', values: ['sms', 'web'] },
          { field: 'entry_day', op: 'between', from: '2026-04-01', to: null },
          { field: 'age', op: 'between', from: 18, to: 40 },
        ]),
        fields,
        campaign,
      },
    );
    expect(s.dates).toBe('Mar 15, 2026 – Apr 10, 2026 and entry day from Apr 1, 2026');
    expect(s.filters).toBe('Market: Boston; Channel: sms, web; Age: 18 – 40');
    expect(scopeLine(s)).toBe(`Dates: ${s.dates} · Filters: ${s.filters}`);
  });

  it('a long list of values names six and counts the rest', () => {
    const market = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    expect(tileScope(tile('kpis'), { ...NONE, market }, {}).filters).toBe('Market: A, B, C, D, E, F +2 more');
  });

  it('no range: all dates, with the campaign’s span; a tile the filters do not narrow says so', () => {
    expect(tileScope(tile('roi'), NONE, { campaign })).toEqual({
      dates: 'all dates (the campaign runs Mar 2, 2026 – May 31, 2026)',
      filters: 'none',
    });
    const objectives = tileScope(tile('objectives'), { ...NONE, channel: ['sms'] }, { campaign });
    expect(objectives.filters).toMatch(/^none: the dashboard’s filters do not apply/);
    expect(objectives.dates).toMatch(/^all dates/);
  });
});

// Two row fields (market, channel), one column field (channel type) with two values, one measure.
const raw = (level: number, r: (string | null)[], c: string | null, v: number): RawLine => ({
  level,
  r,
  c: [c],
  colTotal: c === null,
  m: [v],
});

describe('a slide’s table', () => {
  const lines: RawLine[] = [
    raw(2, ['Boston', 'sms'], 'A', 1),
    raw(2, ['Boston', 'sms'], 'B', 2),
    raw(2, ['Boston', 'web'], 'A', 3),
    raw(1, ['Boston'], 'A', 4),
    raw(1, ['Boston'], 'B', 2),
    raw(2, ['Dallas', 'sms'], 'B', 5),
    raw(1, ['Dallas'], 'B', 5),
    raw(0, [], 'A', 4),
    raw(0, [], 'B', 7),
  ].flatMap((l) => [l, { ...l, c: [null], colTotal: true, m: [l.m[0]! + 100] }]);
  const model = buildModel(lines, 2, 1, 1);
  const table = pivotSlideModel(model, orderLines(model, null), {
    rows: ['Market', 'Channel'],
    cols: ['Type'],
    measures: ['Entries'],
    kinds: ['count'],
  });

  it('names every figure column by its path and writes every label out (a part may start anywhere)', () => {
    expect(table.columns.map((c) => c.path.join(' · '))).toEqual(['A · Entries', 'B · Entries', 'Total · Entries']);
    expect(table.rows.map((r) => r.labels.join('/'))).toContain('Boston/web');
    expect(table.rows.at(-1)).toMatchObject({ labels: ['Grand total', ''], kind: 'total' });
    expect(table.rows.find((r) => r.kind === 'subtotal')!.labels).toEqual(['Boston total', '']);
  });

  it('blanks a repeated label, except on the first line of a part', () => {
    const boston = [0, 1];
    expect(shownLabels(table, boston)).toEqual([
      ['Boston', 'sms'],
      ['', 'web'],
    ]);
    expect(shownLabels(table, [1])).toEqual([['Boston', 'web']]);
  });

  it('heads a group of columns with their values, neighbours sharing one cell', () => {
    expect(headerRows(table, [0, 1, 2]).map((r) => r.map((c) => `${c.text}×${c.span}`))).toEqual([
      ['A×1', 'B×1', 'Total×1'],
      ['Entries×1', 'Entries×1', 'Entries×1'],
    ]);
  });

  it('goes into the PDF whole, and says what it could not carry', () => {
    const big = {
      ...table,
      rows: Array.from({ length: 600 }, (_, i) => ({ ...table.rows[0]!, key: String(i) })).concat(table.rows.at(-1)!),
    };
    const pdf = pdfTableOf(big);
    expect(pdf.rows).toHaveLength(500);
    expect(pdf.rows.at(-1)![0]).toBe('Grand total');
    expect(pdf.more).toEqual({ rows: 101, columns: 0 });
    expect(pdf.columns).toEqual(['Market', 'Channel', 'A · Entries', 'B · Entries', 'Total · Entries']);
    expect(pdf.labels).toBe(2);
  });
});
