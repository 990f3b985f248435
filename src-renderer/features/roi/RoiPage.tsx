import { useMemo, useState } from 'react';
import { ObjectivesPanel } from '../objectives/ObjectivesPanel';
import type { RoiRow } from '../../../src-main/contract/roi';
import { groupingOf, roiColumns } from './columns';
import { DrillPanel } from './DrillPanel';
import { ExplainDialog } from './ExplainDialog';
import { copyTsv, exportCsv, exportXlsx } from '../explore/exportPivot';
import { roiGrid } from './exportRoi';
import { useFilterValues } from '../../lib/filterValues';
import { FILTER_FIELDS, FILTER_LABELS, toScope, type RoiQuery } from '../../lib/roiQuery';
import { useRoiParams } from './roiUrl';
import { RoiCharts } from './RoiCharts';
import { RoiTable, rowLabel, type ExplainTarget } from './RoiTable';
import { RoiToolbar } from './RoiToolbar';
import { TimingCard } from './TimingCard';
import { useQuery } from '../../lib/query';
import './roi.css';

/** ROI per media buy (or keyword, media type, market, channel, week): the numbers campaign leads present. */
export function RoiPage({ theme }: { theme: 'light' | 'dark' }) {
  const { query, setQuery, sort, setSort, drillKey, setDrillKey } = useRoiParams();
  const [explain, setExplain] = useState<ExplainTarget | null>(null);
  const [copied, setCopied] = useState('');
  const { scope, problems } = useMemo(() => toScope(query), [query]);
  const filterValues = useFilterValues();

  const main = useQuery('roi.get', { ...scope, by: query.by });
  // The weekly chart and the timing card ask for a scope once the table's figures for it are in (they show what they
  // showed meanwhile): the table then has the machine to itself. At 10M entries the three side by side showed the
  // table after 7-8 s; alone it takes about 3 s, the chart and the timing following.
  const [settled, setSettled] = useState<typeof scope | null>(null);
  if (!main.loading && settled !== scope) setSettled(scope);
  const weekly = useQuery('roi.get', settled && { ...settled, by: 'week' });
  const timing = useQuery('roi.timing', settled);
  const result = main.data;
  // The table follows the result it shows (a newer question may still be on its way).
  const grouping = groupingOf(result?.by ?? query.by);
  const columns = useMemo(
    () =>
      roiColumns({
        margin: result?.total.gross_profit !== undefined,
        lastTouch: result?.total.last_touch_redemptions !== undefined,
        rules: result?.total.valid_entries !== undefined,
      }),
    [result],
  );

  const change = (q: RoiQuery) => {
    if (q.by !== query.by) {
      setSort(null);
      setDrillKey(null);
    }
    setQuery(q);
  };
  // The opened media buy follows the scope: its row in the current result, while there is one.
  const drillRow = drillKey !== null && result?.by === 'media_buy' ? (result.rows.find((r) => r.key === drillKey) ?? null) : null;
  const filtered = FILTER_FIELDS.some((f) => query.filters[f].length) || query.from || query.to;
  // The table as shown, for its exports (the buttons exist only while there is a result).
  const tableGrid = () => roiGrid(result!, columns, grouping.label, sort);
  // The CSV says which dates and filters its figures answer.
  const csvNotes = (): [string, string][] => [
    ['Dates', scope.from || scope.to ? `${scope.from ?? 'start'} to ${scope.to ?? 'end'}` : 'whole campaign'],
    [
      'Filters',
      FILTER_FIELDS.filter((f) => query.filters[f].length)
        .map((f) => `${FILTER_LABELS[f]}: ${query.filters[f].join(', ')}`)
        .join('; ') || 'none',
    ],
    ['Exported', new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'],
  ];

  return (
    <div className="roi-page">
      <header className="page-header">
        <div>
          <h1>ROI</h1>
          <p className="muted">
            Spend, entries, redemptions and revenue per {grouping.label.toLowerCase()}. Click a figure to see how it is computed
            {query.by === 'media_buy' ? ', or a media buy to open it' : ''}.
          </p>
        </div>
      </header>
      <RoiToolbar
        query={query}
        problems={problems}
        filterValues={filterValues}
        busy={main.loading || weekly.loading || timing.loading}
        onChange={change}
      />
      {main.error && (
        <p className="roi-inline-error" role="alert">
          {main.error.message}
        </p>
      )}
      {!result && main.loading && <div className="loading">Computing ROI…</div>}
      {result && drillRow && (
        <DrillPanel key={`${drillRow.key}`} scope={scope} row={drillRow} theme={theme} onBack={() => setDrillKey(null)} />
      )}
      {result && !drillRow && (
        <>
          <section className="card roi-table-card" aria-busy={main.loading}>
            <div className="roi-table-head">
              <h2>
                By {grouping.label.toLowerCase()}{' '}
                <span className="muted small">{filtered ? 'within the chosen dates and filters' : 'whole campaign'}</span>
              </h2>
              <div className="roi-exports" role="group" aria-label="Export the table">
                <span className="muted small" role="status">
                  {copied}
                </span>
                <button type="button" className="ghost small" onClick={() => exportCsv(tableGrid(), `roi-by-${result.by}`, csvNotes())}>
                  CSV
                </button>
                <button type="button" className="ghost small" onClick={() => void exportXlsx(tableGrid(), `roi-by-${result.by}`)}>
                  XLSX
                </button>
                <button
                  type="button"
                  className="ghost small"
                  onClick={() =>
                    void copyTsv(tableGrid()).then(
                      () => setCopied('Copied as TSV: paste into a spreadsheet.'),
                      () => setCopied('The clipboard refused: use CSV instead.'),
                    )
                  }
                >
                  Copy as TSV
                </button>
              </div>
            </div>
            <RoiTable
              result={result}
              columns={columns}
              groupLabel={grouping.label}
              sort={sort}
              onSort={setSort}
              onExplain={setExplain}
              onDrill={result.by === 'media_buy' ? (r: RoiRow) => setDrillKey(r.key) : undefined}
            />
            {result.notes.length > 0 && (
              <ul className="roi-notes" aria-label="Notes" data-testid="roi-notes">
                {result.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </section>
          <ObjectivesPanel compact mediaBuys={result.by === 'media_buy' ? result.rows.flatMap((r) => (r.key ? [r.key] : [])) : []} />
          <RoiCharts result={result} weekly={weekly.data} plural={grouping.plural} theme={theme} />
          <TimingCard timing={timing.data} error={timing.error} theme={theme} title="Days from entry to redemption, all media buys" />
        </>
      )}
      {explain && result && (
        <ExplainDialog
          scope={scope}
          by={result.by}
          target={explain}
          rowName={explain.kind === 'total' ? 'Total' : rowLabel(explain.row, result.by)}
          onClose={() => setExplain(null)}
        />
      )}
    </div>
  );
}
