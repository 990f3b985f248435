import { describe, expect, it } from 'vitest';
import { cellFilters } from '../../src-renderer/features/explore/drill';
import { gridCsv, gridText, neutralise, pivotGrid, rowsCsv } from '../../src-renderer/lib/grid';
import { fmtMeasure, measureKind, xlsxFormat } from '../../src-renderer/lib/measures';
import { buildModel, orderLines, rowHeaderTexts, type RawLine } from '../../src-renderer/lib/pivotModel';
import {
  filterComplete,
  moveItem,
  placeField,
  toggleAllInFilter,
  toggleInFilter,
  type ExploreSpec,
} from '../../src-renderer/features/explore/spec';
import { history } from '../../src-renderer/features/explore/useHistory';

const line = (r: (string | null)[], level: number, m: number[], c: (string | null)[] = [], colTotal = false): RawLine => ({
  r,
  c,
  level,
  colTotal,
  m,
});
// market > channel, entries: the core's order (details, subtotal after its group, grand total last; "(other)" sorts first as text).
const RAW = [
  line(['(other)', 'sms'], 2, [7]),
  line(['(other)', null], 1, [7]),
  line(['Boston', 'sms'], 2, [5]),
  line(['Boston', 'web'], 2, [9]),
  line(['Boston', null], 1, [14]),
  line(['Dallas', 'web'], 2, [20]),
  line(['Dallas', null], 1, [20]),
  line([null, null], 0, [41]),
];
const model = buildModel(RAW, 2, 0, 1);
const paths = (lines: { path: (string | null)[] }[]) => lines.map((l) => l.path.join('/'));

describe('the pivot model', () => {
  it('keeps the core order with "(other)" last, subtotals after their group and the grand total last', () => {
    expect(paths(orderLines(model, null))).toEqual([
      'Boston/sms',
      'Boston/web',
      'Boston',
      'Dallas/web',
      'Dallas',
      '(other)/sms',
      '(other)',
      '',
    ]);
  });

  it('sorts siblings within their parent by a figure, high to low, totals staying in place', () => {
    expect(paths(orderLines(model, { by: 'cell', col: '[]', measure: 0, dir: 'desc' }))).toEqual([
      'Dallas/web',
      'Dallas',
      'Boston/web',
      'Boston/sms',
      'Boston',
      '(other)/sms',
      '(other)',
      '',
    ]);
    expect(paths(orderLines(model, { by: 'row', index: 1, dir: 'desc' }))).toEqual([
      'Boston/web',
      'Boston/sms',
      'Boston',
      'Dallas/web',
      'Dallas',
      '(other)/sms',
      '(other)',
      '',
    ]);
  });

  it('lays out row headers: a value where it changes, "<value> total", "Grand total", (empty) for null', () => {
    const lines = orderLines(model, null);
    expect(lines.map((l, i) => rowHeaderTexts(l, lines[i - 1], 2))).toEqual([
      ['Boston', 'sms'],
      ['', 'web'],
      ['Boston total', ''],
      ['Dallas', 'web'],
      ['Dallas total', ''],
      ['(other)', 'sms'],
      ['(other) total', ''],
      ['Grand total', ''],
    ]);
    const empty = buildModel([line([null], 1, [3]), line([null], 0, [3])], 1, 0, 1);
    expect(rowHeaderTexts(empty.lines[0]!, undefined, 1)).toEqual(['(empty)']);
    // What no media buy owns reads as ROI names it, in the fields that come from the media buy.
    expect(rowHeaderTexts(empty.lines[0]!, undefined, 1, ['media_buy'])).toEqual(['(unattributed)']);
    expect(rowHeaderTexts(empty.lines[0]!, undefined, 1, ['keyword'])).toEqual(['(empty)']);
  });

  it('orders columns as the grand total lines do, the column total apart', () => {
    const m = buildModel(
      [
        line(['a'], 1, [1], ['2026-04']),
        line(['a'], 1, [1], [null], true),
        line(['b'], 1, [2], ['2026-03']),
        line(['b'], 1, [2], [null], true),
        line([null], 0, [2], ['2026-03']),
        line([null], 0, [1], ['2026-04']),
        line([null], 0, [3], [null], true),
      ],
      1,
      1,
      1,
    );
    expect(m.colKeys.map((k) => k.path)).toEqual([['2026-03'], ['2026-04']]);
    expect(m.lines[0]!.total).toEqual([1]);
  });
});

describe('exports as laid out', () => {
  const m = buildModel(
    [
      line(['=cmd'], 1, [2, 10.5], ['sms']),
      line(['=cmd'], 1, [2, 10.5], [null], true),
      line([null], 0, [2, 10.5], ['sms']),
      line([null], 0, [2, 10.5], [null], true),
    ],
    1,
    1,
    2,
  );
  const grid = pivotGrid(m, orderLines(m, null), ['Market'], ['Channel'], ['Entries', 'Revenue'], ['count', 'money']);

  it('CSV: a header row per column field, the measures row, formatted figures, formula-like labels neutralised', () => {
    expect(gridText(grid, ',')).toBe(
      [
        'Channel,sms,sms,Total,Total',
        'Market,Entries,Revenue,Entries,Revenue',
        "'=cmd,2,$10.50,2,$10.50",
        'Grand total,2,$10.50,2,$10.50',
        '',
      ].join('\r\n'),
    );
  });

  it('CSV file: notes first, figures as plain numbers (cents, no "$" or separators), labels written out', () => {
    const full = pivotGrid(m, orderLines(m, null), ['Market'], ['Channel'], ['Entries', 'Revenue'], ['count', 'money'], {
      repeatLabels: true,
    });
    expect(gridCsv(full, [['Filters', '=Market: Boston']])).toBe(
      [
        "Filters,'=Market: Boston",
        '',
        'Channel,sms,sms,Total,Total',
        'Market,Entries,Revenue,Entries,Revenue',
        "'=cmd,2,10.50,2,10.50",
        'Grand total,2,10.50,2,10.50',
        '',
      ].join('\r\n'),
    );
  });

  it('TSV: tabs, no quoting', () => {
    expect(gridText(grid, '\t').split('\r\n')[2]).toBe("'=cmd\t2\t$10.50\t2\t$10.50");
  });

  it('neutralises formulas (= + - @ tab CR) but not phones or numbers, and raw rows keep numbers as numbers', () => {
    expect(['=1', '+A1', '-A1', '@x', '\tx', 'ok', '+16175550101', '-3'].map(neutralise)).toEqual([
      "'=1",
      "'+A1",
      "'-A1",
      "'@x",
      "'\tx",
      'ok',
      '+16175550101',
      '-3',
    ]);
    expect(rowsCsv(['id', 'phone', 'note', 'n'], [['E1', '+16175550101', 'a,"b"', -3]])).toBe(
      'id,phone,note,n\r\nE1,+16175550101,"a,""b""",-3\r\n',
    );
  });

  it('formats money to the cent, rates as %, counts whole; missing is a dash', () => {
    expect(measureKind({ fn: 'sum', field: 'revenue' })).toBe('money');
    expect(measureKind({ fn: 'median', field: 'age' })).toBe('number');
    expect(measureKind({ fn: 'redemption_rate' })).toBe('rate');
    expect([
      fmtMeasure('money', 1234.5),
      fmtMeasure('rate', 0.1825),
      fmtMeasure('count', 20000),
      fmtMeasure('number', 39.456),
      fmtMeasure('count', null),
    ]).toEqual(['$1,234.50', '18.3%', '20,000', '39.46', '–']);
  });

  it('XLSX formats draw a figure as the table does: a whole plain number without a dangling decimal point', () => {
    // "#,##0.##" shows 34 as "34." in Excel; the table shows "34".
    expect([34, 103442, 39.5, 39.456, 1.999, -2.25].map((v) => [fmtMeasure('number', v), xlsxFormat('number', v)])).toEqual([
      ['34', '#,##0'],
      ['103,442', '#,##0'],
      ['39.5', '#,##0.0'],
      ['39.46', '#,##0.00'],
      ['2', '#,##0'],
      ['-2.25', '#,##0.00'],
    ]);
    expect([xlsxFormat('money', 12), xlsxFormat('rate', 0.5), xlsxFormat('count', 7)]).toEqual(['"$"#,##0.00', '0.0%', '#,##0']);
  });
});

describe('spec edits', () => {
  const spec: ExploreSpec = { rows: ['market', 'channel'], cols: ['entry_month'], measures: [{ fn: 'entries' }], filters: [] };

  it('places, moves and limits fields', () => {
    expect(placeField(spec, 'rows', 'entry_month', 0)).toMatchObject({ rows: ['entry_month', 'market', 'channel'], cols: [] });
    expect(placeField(spec, 'rows', 'market', 2).rows).toEqual(['channel', 'market']);
    expect(placeField({ ...spec, cols: ['a', 'b'] }, 'cols', 'c').cols).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
  });

  it('cross-filtering toggles a value in the field`s `in` filter', () => {
    const a = toggleInFilter(spec, 'market', 'Boston');
    expect(a.filters).toEqual([{ field: 'market', op: 'in', values: ['Boston'] }]);
    expect(toggleInFilter(a, 'market', null).filters).toEqual([{ field: 'market', op: 'in', values: ['Boston', null] }]);
    expect(toggleInFilter(a, 'market', 'Boston').filters).toEqual([]);
    expect(filterComplete({ field: 'age', op: 'between', from: null, to: 30 })).toBe(true);
    expect(filterComplete({ field: 'market', op: 'in', values: [] })).toBe(false);
  });

  it('a chart mark filters by all it is (row and column); clicked again when all are filtered, it takes them off', () => {
    const radio = toggleInFilter(spec, 'media_type', 'radio');
    const cell = [
      { field: 'media_type', value: 'radio' },
      { field: 'channel', value: 'web' },
    ];
    // Radio is filtered already: the click adds the channel, it does not take radio off.
    const both = toggleAllInFilter(radio, cell);
    expect(both.filters).toEqual([
      { field: 'media_type', op: 'in', values: ['radio'] },
      { field: 'channel', op: 'in', values: ['web'] },
    ]);
    expect(toggleAllInFilter(both, cell).filters).toEqual([]);
  });

  it('drill filters: the pivot filters plus each row and column value; "(other)" is everything but the top values', () => {
    const s: ExploreSpec = {
      rows: ['market', 'channel'],
      cols: [],
      measures: [{ fn: 'entries' }],
      filters: [{ field: 'age', op: 'between', from: 18, to: 30 }],
      topN: 2,
    };
    const lines = orderLines(model, null);
    expect(cellFilters(s, model, lines[0]!, [])).toEqual([
      s.filters[0],
      { field: 'market', op: 'in', values: ['Boston'] },
      { field: 'channel', op: 'in', values: ['sms'] },
    ]);
    const other = lines.find((l) => l.path[0] === '(other)' && l.level === 1)!;
    expect(cellFilters(s, model, other, null)).toEqual([s.filters[0], { field: 'market', op: 'not_in', values: ['Boston', 'Dallas'] }]);
    const sc = { ...s, cols: ['entry_month'] };
    expect(cellFilters(sc, model, lines[7]!, ['2026-03']).slice(1)).toEqual([{ field: 'entry_month', op: 'in', values: ['2026-03'] }]);
  });

  it('undo and redo', () => {
    const same = (a: number, b: number) => a === b;
    let h = { past: [] as number[], present: 1, future: [] as number[] };
    h = history.push(h, 2, same);
    h = history.push(h, 2, same);
    h = history.push(h, 3, same);
    expect(h.past).toEqual([1, 2]);
    h = history.undo(history.undo(h));
    expect(h.present).toBe(1);
    h = history.redo(h);
    expect([h.present, h.future]).toEqual([2, [3]]);
    h = history.push(h, 5, same);
    expect(h.future).toEqual([]);
  });
});
