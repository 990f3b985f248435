import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ESTIMATE_SAMPLE_RATE, type PivotFieldInfo, type PivotFilter, type SavedView } from '../../../src-main/contract/pivot';
import { useQuery } from '../../lib/query';
import type { PivotChartType } from '../../charts/pivotCharts';
import { fmtCount } from '../../format';
import { cellFilters, cellTitle } from './drill';
import { DrillGrid } from './DrillGrid';
import { ExploreToolbar } from './ExploreToolbar';
import { copyTsv, exportCsv, exportRawRows, exportXlsx } from './exportPivot';
import { fileSlug } from '../../lib/fileName';
import { FieldList, type AddTarget } from './FieldList';
import { FilterEditor } from './FilterEditor';
import { pivotGrid } from '../../lib/grid';
import { HelpDialog } from './HelpDialog';
import { fieldLabel, measureKind, measureLabel } from '../../lib/measures';
import { MeasuresShelf } from './MeasuresShelf';
import { PivotChart } from './PivotChart';
import { orderLines, type Key } from '../../lib/pivotModel';
import { PivotTable, type CellTarget } from './PivotTable';
import { SavedViews } from './SavedViews';
import { AxisShelf, FilterShelf, filterText } from './Shelves';
import { ExportRowsDialog, type RowsExport } from './ExportRowsDialog';
import type { PersonalColumn } from '../../../src-main/contract/exportLog';
import {
  addMeasure,
  defaultMeasureOf,
  fromPivotSpec,
  placeField,
  setFilter,
  specKey,
  toggleAllInFilter,
  toggleInFilter,
  type ExploreSpec,
} from './spec';
import { typing } from '../../keys';
import { useHistory } from './useHistory';
import { useExploreParams, useSpecInUrl, useUrlSpec } from './exploreUrl';
import { usePivot } from './usePivot';
import { Timeline } from './Timeline';
import { isDayRange, useBrush, withoutDayRange, type DayRange } from './useBrush';
import './explore.css';

const same = (a: ExploreSpec, b: ExploreSpec) => specKey(a) === specKey(b);

/** Explore: a pivot of the entries, built by dragging fields; re-runs on every change; charts, drill, exports, saved views. */
export function ExplorePage({ theme }: { theme: 'light' | 'dark' }) {
  const fieldsQ = useQuery('pivot.fields', {});
  const fields = useMemo(() => fieldsQ.data ?? [], [fieldsQ.data]);
  const [problem, setError] = useState<Error | null>(null);
  const [dismissed, setDismissed] = useState<Error | null>(null);
  const error = problem ?? (fieldsQ.error !== dismissed ? fieldsQ.error : null);
  const hist = useHistory<ExploreSpec>(useUrlSpec(), same);
  const spec = hist.value;
  const setSpec = hist.set;
  useSpecInUrl(spec, setSpec);
  const { chart, setChart, sort, setSort, viewId, setViewId } = useExploreParams();
  const views = useQuery('views.list', {});
  const view = useMemo(() => views.data?.find((v) => v.viewId === viewId) ?? null, [views.data, viewId]);
  const [chartMeasure, setChartMeasure] = useState(0);
  const [editing, setEditing] = useState<{ index: number; field: string } | null>(null);
  const [drill, setDrill] = useState<{ title: string; filters: PivotFilter[] } | null>(null);
  const [help, setHelp] = useState(false);
  // A raw-rows export in progress (its progress; the button waits for it) and a passing note ("Copied ...").
  const [exporting, setExporting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Rows about to be exported: the dialog asks which personal columns go with them.
  const [rowsExport, setRowsExport] = useState<RowsExport | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);
  const pivot = usePivot(spec);
  // Brushing a date range on the timeline: the table and chart show each move's result (linked views).
  const timelineSpec = useMemo(() => withoutDayRange(spec), [spec]);
  const brush = useBrush(timelineSpec);
  const dayRange = useMemo(() => {
    const f = spec.filters.find(isDayRange);
    return f && f.op === 'between' && typeof f.from === 'string' && typeof f.to === 'string' ? { from: f.from, to: f.to } : null;
  }, [spec]);
  const endBrush = useCallback(
    (r: DayRange | null) => {
      brush.end();
      if (r)
        setSpec((s) => ({
          ...s,
          filters: [...s.filters.filter((f) => !isDayRange(f)), { field: 'entry_day', op: 'between', from: r.from, to: r.to }],
        }));
    },
    [brush.end, setSpec],
  );

  const byId = useMemo(() => new Map(fields.map((f) => [f.id, f])), [fields]);

  // Labels and formats follow the spec the shown result answers (a newer one may be on its way).
  const shown = brush.shown ? spec : pivot.shown;
  const model = brush.shown?.model ?? pivot.model;
  const labels = useMemo(() => {
    if (!shown) return null;
    return {
      rows: shown.rows.map((r) => fieldLabel(r, byId)),
      cols: shown.cols.map((c) => fieldLabel(c, byId)),
      measures: shown.measures.map((m) => measureLabel(m, byId)),
      kinds: shown.measures.map(measureKind),
    };
  }, [shown, byId]);
  const lines = useMemo(() => (model ? orderLines(model, sort) : []), [model, sort]);
  const measureIndex = Math.min(chartMeasure, (labels?.measures.length ?? 1) - 1);

  const undo = hist.undo;
  const redo = hist.redo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') || typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) undo();
      else if (mod && ((e.key.toLowerCase() === 'z' && e.shiftKey) || e.key.toLowerCase() === 'y')) redo();
      else if (e.key === '?' && !mod) setHelp(true);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  // Stable handlers: the field list, shelves and saved views are memoised, so a brush move (which changes
  // only the table and chart) does not render them again.
  const add = useCallback(
    (t: AddTarget, f: PivotFieldInfo) => {
      if (t === 'rows' || t === 'cols') setSpec((s) => placeField(s, t, f.id));
      else if (t === 'measures') setSpec((s) => addMeasure(s, defaultMeasureOf(f)));
      else setEditing({ index: -1, field: f.id });
    },
    [setSpec],
  );
  const place = useCallback((sh: 'rows' | 'cols', f: string, at?: number) => setSpec((s) => placeField(s, sh, f, at)), [setSpec]);
  const editFilter = useCallback((index: number, field: string) => setEditing({ index, field }), []);
  const removeFilter = useCallback((i: number) => setSpec((s) => setFilter(s, i, null)), [setSpec]);
  const openView = useCallback(
    (v: SavedView) => {
      setViewId(v.viewId);
      setSort(null);
      setSpec(fromPivotSpec(v.spec));
      setChart(v.chart as PivotChartType);
    },
    [setSpec, setViewId, setSort, setChart],
  );
  const crossFilter = useCallback(
    (pairs: { field: string; value: Key }[]) => setSpec((s) => pairs.reduce((acc, p) => toggleInFilter(acc, p.field, p.value), s)),
    [setSpec],
  );
  // A bar, point or heatmap cell: its row values and its column's, as the mark highlighted on hover.
  const filterCell = useCallback(
    (rowPath: Key[], colPath: Key[] | undefined) =>
      shown &&
      setSpec((s) =>
        toggleAllInFilter(s, [
          ...rowPath.map((value, i) => ({ field: shown.rows[i]!, value })),
          ...(colPath ?? []).map((value, j) => ({ field: shown.cols[j]!, value })),
        ]),
      ),
    [shown, setSpec],
  );
  const filterCol = useCallback(
    (path: Key[]) => shown && crossFilter(path.map((value, i) => ({ field: shown.cols[i]!, value }))),
    [shown, crossFilter],
  );
  const openDrill = (t: CellTarget) =>
    shown && model && setDrill({ title: cellTitle(t.line, t.colPath, true, model), filters: cellFilters(shown, model, t.line, t.colPath) });

  const grid = (repeatLabels = false) =>
    model && labels ? pivotGrid(model, lines, labels.rows, labels.cols, labels.measures, labels.kinds, { repeatLabels }) : null;
  const base = (view?.name ?? 'explore-pivot').replace(/[^\w.-]+/g, '-').toLowerCase();
  // The pivot's own files are named for what they hold ("explore-market-by-channel"), or for the saved view.
  const pivotBase = () =>
    view
      ? base
      : fileSlug(['explore', ...(labels?.rows ?? []), ...(labels?.cols.length ? ['by', ...labels.cols] : [])].join(' '), 'explore-pivot');
  const filterNote = (): [string, string] => [
    'Filters',
    (shown?.filters ?? spec.filters).map((f) => filterText(f, byId)).join('; ') || 'none (all entries)',
  ];
  const exportRows = async ({ filters, what }: RowsExport, personal: PersonalColumn[]) => {
    const signal = { cancelled: false };
    try {
      const progress = (done: number, total: number) => setExporting(`Exporting rows: ${fmtCount(done)} of ${fmtCount(total)}`);
      await exportRawRows({ filters, personal, what }, base, progress, signal);
    } catch (e) {
      setError(e as Error);
    } finally {
      setExporting(null);
    }
  };
  const doExport = async (what: 'csv' | 'xlsx' | 'tsv' | 'rows') => {
    try {
      if (what === 'rows') {
        const filters = shown?.filters ?? spec.filters;
        const described = filters.map((f) => filterText(f, byId)).join('; ');
        return setRowsExport({ filters, what: `Explore rows${described ? `: ${described}` : ', all entries'}` });
      }
      // Estimates never leave the screen: the pivot's exports wait for the exact figures.
      if (model?.estimate) return;
      const g = grid(what === 'csv');
      if (!g) return;
      if (what === 'csv')
        exportCsv(g, pivotBase(), [filterNote(), ['Exported', new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC']]);
      else if (what === 'xlsx') await exportXlsx(g, pivotBase());
      else {
        await copyTsv(g);
        setNotice('Copied the pivot as TSV');
        clearTimeout(noticeTimer.current);
        noticeTimer.current = setTimeout(() => setNotice(null), 2500);
      }
    } catch (e) {
      setError(e as Error);
    }
  };

  const onSaved = useCallback((v: SavedView | null) => setViewId(v?.viewId ?? null), [setViewId]);
  const editingFilter = editing && editing.index >= 0 ? (spec.filters[editing.index] ?? null) : null;
  const editingField = editing ? byId.get(editing.field) : undefined;

  return (
    <div className="explore-page">
      <header className="page-header">
        <div>
          <h1>Explore</h1>
          <p className="muted">
            Pivot the entries by any field. Drag fields (or use their ⋯ menu) onto Rows, Columns, Filters and Measures; every change runs at
            once.
          </p>
        </div>
        <SavedViews spec={spec} chart={chart} current={view} onError={setError} onSaved={onSaved} onOpen={openView} />
      </header>
      {error && (
        <p className="roi-inline-error" role="alert">
          {error.message}{' '}
          <button type="button" className="link small" onClick={() => (setError(null), setDismissed(fieldsQ.error))}>
            Dismiss
          </button>
        </p>
      )}
      <div className="ex-layout">
        <FieldList fields={fields} spec={spec} onAdd={add} />
        <div className="ex-main">
          <section className="card ex-builder" aria-label="Pivot">
            <AxisShelf shelf="rows" spec={spec} fields={byId} onChange={setSpec} onPlace={place} />
            <AxisShelf shelf="cols" spec={spec} fields={byId} onChange={setSpec} onPlace={place} />
            <MeasuresShelf spec={spec} fields={fields} onChange={setSpec} />
            <FilterShelf spec={spec} fields={byId} onEdit={editFilter} onRemove={removeFilter} />
            <ExploreToolbar
              topN={spec.topN}
              onTopN={(n) => setSpec((s) => ({ ...s, topN: n }))}
              chart={chart}
              onChart={setChart}
              canUndo={hist.canUndo}
              canRedo={hist.canRedo}
              onUndo={undo}
              onRedo={redo}
              onExport={(w) => void doExport(w)}
              exporting={exporting}
              notice={notice}
              onHelp={() => setHelp(true)}
              hasRows={spec.rows.length > 0}
              estimate={!!model?.estimate}
            />
          </section>
          {pivot.error && (
            <p className="roi-inline-error" role="alert" data-testid="pivot-error">
              {pivot.error.message}
            </p>
          )}
          <section className="card ex-timeline-card" aria-label="Timeline">
            <Timeline spec={timelineSpec} range={dayRange} theme={theme} onMove={brush.move} onEnd={endBrush} onPrepare={brush.prepare} />
          </section>
          {chart !== 'table' && model && labels && (
            <section className="card ex-chart-card" aria-label="Chart">
              <div className="ex-card-head">
                <h2>{labels.measures[measureIndex]}</h2>
                {labels.measures.length > 1 && (
                  <label className="field ex-inline">
                    Measure
                    <select value={measureIndex} onChange={(e) => setChartMeasure(Number(e.target.value))}>
                      {labels.measures.map((m, i) => (
                        <option key={i} value={i}>
                          {m}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </div>
              <PivotChart
                type={chart}
                model={model}
                lines={lines}
                measure={measureIndex}
                measureLabels={labels.measures}
                kinds={labels.kinds}
                theme={theme}
                onFilterCell={filterCell}
                onFilterCol={filterCol}
              />
            </section>
          )}
          <section className="card ex-table-card" aria-busy={pivot.loading} data-brushing={brush.pending} data-testid="pivot-card">
            <div
              className={`ex-progress${pivot.slow ? ' on' : ''}`}
              role="progressbar"
              aria-label="Running the pivot"
              aria-hidden={!pivot.slow}
              data-testid="pivot-progress"
            />
            <div className="ex-card-head">
              <h2>
                {labels
                  ? `${labels.measures.join(', ')}${labels.rows.length ? ` by ${labels.rows.join(' › ')}` : ''}${labels.cols.length ? ` across ${labels.cols.join(' › ')}` : ''}`
                  : 'Pivot'}
              </h2>
              <span className="muted small" aria-live="polite" data-testid="pivot-status">
                {brush.shown
                  ? `Brushed ${brush.shown.range.from} to ${brush.shown.range.to}`
                  : model?.estimate
                    ? `≈ Estimated from 1 in ${ESTIMATE_SAMPLE_RATE} entrants in ${pivot.ms} ms (± is the 95% bound); exact figures on the way…`
                    : pivot.loading
                      ? 'Running…'
                      : model
                        ? `${fmtCount(model.lines.length)} lines · ${pivot.ms} ms`
                        : ''}
              </span>
            </div>
            {!model && pivot.loading && <div className="loading">Running the pivot…</div>}
            {model && labels && (
              <PivotTable
                model={model}
                lines={lines}
                rowLabels={labels.rows}
                colLabels={labels.cols}
                measureLabels={labels.measures}
                kinds={labels.kinds}
                sort={sort}
                onSort={setSort}
                onFilter={(axis, i, value) => shown && crossFilter([{ field: (axis === 'rows' ? shown.rows : shown.cols)[i]!, value }])}
                onDrill={openDrill}
              />
            )}
          </section>
        </div>
      </div>
      {editing && editingField && (
        <FilterEditor
          key={editing.field}
          field={editingField}
          initial={editingFilter}
          others={spec.filters.filter((_, i) => i !== editing.index)}
          onClose={() => setEditing(null)}
          onApply={(f) => {
            setSpec((s) => setFilter(s, editing.index, f));
            if (editing.index < 0 && f) setEditing({ ...editing, index: spec.filters.length });
            else if (!f && editing.index >= 0) setEditing({ ...editing, index: -1 });
          }}
        />
      )}
      {drill && (
        <DrillGrid
          title={drill.title}
          filters={drill.filters}
          onClose={() => setDrill(null)}
          onExport={(f) => setRowsExport({ filters: f, what: `Explore drill: ${drill.title}` })}
        />
      )}
      {rowsExport && (
        <ExportRowsDialog
          rows={rowsExport}
          onClose={() => setRowsExport(null)}
          onExport={(personal) => void exportRows(rowsExport, personal)}
        />
      )}
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}
