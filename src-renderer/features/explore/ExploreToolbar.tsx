import { useEffect, useState } from 'react';
import type { PivotChartType } from '../../charts/pivotCharts';

export const CHART_TYPES: { id: PivotChartType; label: string }[] = [
  { id: 'table', label: 'Table' },
  { id: 'bar', label: 'Bar' },
  { id: 'stacked', label: 'Stacked' },
  { id: 'line', label: 'Line' },
  { id: 'heatmap', label: 'Heatmap' },
];

const WAIT = 'The pivot shows estimates: exports wait for the exact figures.';

/** Top N (first row field), chart type, undo/redo, exports and help. */
export function ExploreToolbar({
  topN,
  onTopN,
  chart,
  onChart,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onExport,
  exporting,
  notice,
  onHelp,
  hasRows,
  estimate,
}: {
  topN: number | undefined;
  onTopN: (n: number | undefined) => void;
  chart: PivotChartType;
  onChart: (c: PivotChartType) => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onExport: (what: 'csv' | 'xlsx' | 'tsv' | 'rows') => void;
  /** The progress of a raw-rows export (the button waits while it runs). */
  exporting: string | null;
  /** The pivot shows estimates: exports of the pivot wait for the exact figures. */
  estimate: boolean;
  /** A passing note, such as "Copied the pivot as TSV". */
  notice: string | null;
  onHelp: () => void;
  hasRows: boolean;
}) {
  // The input keeps what is typed; the pivot gets it once it is a whole number in range (empty: off).
  const [text, setText] = useState(topN ? String(topN) : '');
  useEffect(() => setText(topN ? String(topN) : ''), [topN]);
  const bad = text.trim() !== '' && !(/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 1000);

  return (
    <div className="ex-toolbar" role="toolbar" aria-label="Pivot tools">
      <label className="field ex-topn">
        Top N
        <input
          type="number"
          min={1}
          max={1000}
          step={1}
          placeholder="all"
          value={text}
          disabled={!hasRows}
          aria-invalid={bad}
          aria-describedby="ex-topn-help"
          onChange={(e) => {
            const v = e.target.value;
            setText(v);
            const n = Number(v);
            if (v.trim() === '') onTopN(undefined);
            else if (Number.isInteger(n) && n >= 1 && n <= 1000) onTopN(n);
          }}
        />
        <span id="ex-topn-help" className="visually-hidden">
          Keep the first row field's top values by the first measure; the rest become (other).
        </span>
        {bad && (
          <span className="ex-topn-error small" role="alert" data-testid="topn-error">
            A whole number from 1 to 1,000 (the pivot keeps every value meanwhile)
          </span>
        )}
      </label>
      <div className="ex-segmented" role="radiogroup" aria-label="Chart">
        {CHART_TYPES.map((c) => (
          <label key={c.id} className={chart === c.id ? 'on' : undefined}>
            <input type="radio" name="ex-chart" checked={chart === c.id} onChange={() => onChart(c.id)} />
            {c.label}
          </label>
        ))}
      </div>
      <div className="ex-actions">
        <button type="button" className="ghost" onClick={onUndo} disabled={!canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
          ↶ Undo
        </button>
        <button
          type="button"
          className="ghost"
          onClick={onRedo}
          disabled={!canRedo}
          aria-keyshortcuts="Control+Shift+Z Control+Y"
          title="Redo (Ctrl+Shift+Z)"
        >
          ↷ Redo
        </button>
      </div>
      <div className="ex-actions ex-exports" role="group" aria-label="Export">
        <button type="button" className="ghost" onClick={() => onExport('csv')} disabled={estimate} title={estimate ? WAIT : undefined}>
          CSV
        </button>
        <button type="button" className="ghost" onClick={() => onExport('xlsx')} disabled={estimate} title={estimate ? WAIT : undefined}>
          XLSX
        </button>
        <button type="button" className="ghost" onClick={() => onExport('tsv')} disabled={estimate} title={estimate ? WAIT : undefined}>
          Copy as TSV
        </button>
        <button type="button" className="ghost" onClick={() => onExport('rows')} disabled={!!exporting}>
          Raw rows (CSV)
        </button>
        {/* Always in the page: a live region announces what changes in it, not what arrives with it. */}
        <span className="muted small" role="status">
          {exporting ?? notice ?? ''}
        </span>
      </div>
      <button type="button" className="ghost ex-help-btn" onClick={onHelp} aria-label="Keyboard shortcuts" aria-keyshortcuts="?">
        ?
      </button>
    </div>
  );
}
