import { useCallback, useEffect, useRef, useState } from 'react';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { api } from '../../api/client';
import { fmtCount, fmtMoney } from '../../format';
import { useQuery } from '../../lib/query';
import { MakeSegment } from './MakeSegment';
import { useModalDialog } from '../../lib/useModalDialog';

export const DRILL_PAGE = 500;
export const ROW_HEIGHT = 28;
/** Browsers cap an element's height (~33M px in Chromium); past this the scroll maps onto the rows. */
const MAX_HEIGHT = 8_000_000;
const OVERSCAN = 10;

type Row = unknown[];

/** Where row `i` sits for a scroll position: exact below the cap, proportional above it. */
export function rowWindow(total: number, scrollTop: number, viewport: number) {
  const full = total * ROW_HEIGHT;
  const height = Math.min(full, MAX_HEIGHT);
  const ratio = height > viewport ? (full - viewport) / (height - viewport) : 1;
  const firstExact = (scrollTop * ratio) / ROW_HEIGHT;
  const first = Math.max(0, Math.floor(firstExact) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil(firstExact + viewport / ROW_HEIGHT) + OVERSCAN);
  const top = (i: number) => scrollTop + (i - firstExact) * ROW_HEIGHT;
  return { height, first, last, top };
}

/** Column widths of the grid (px): wide enough to read a timestamp, an e-mail or a media buy's name. */
const WIDTHS: Record<string, number> = {
  entered_at: 150,
  email: 220,
  media_buy: 200,
  entrant_id: 160,
  phone: 130,
  coupon_code: 120,
  product_affinity: 140,
  purchase_timeframe: 150,
};
const widthOf = (c: string) => WIDTHS[c] ?? 100;
const NUM_W = 64;

const cellText = (name: string, v: unknown) => {
  if (v === null || v === undefined) return '';
  if (name === 'revenue' && typeof v === 'number') return fmtMoney(v);
  if (typeof v === 'number' && name !== 'age') return fmtCount(v);
  return String(v);
};

/**
 * The entries behind a pivot cell, as a virtual grid: the total from pivot.count, rows fetched in pages
 * of 500 as they scroll into view, each row absolutely placed in a container as tall as all of them.
 */
export function DrillGrid({
  title,
  filters,
  onClose,
  onExport,
}: {
  title: string;
  filters: PivotFilter[];
  onClose: () => void;
  onExport: (filters: PivotFilter[]) => void;
}) {
  const ref = useModalDialog();
  const scroller = useRef<HTMLDivElement>(null);
  const count = useQuery('pivot.count', { filters });
  const total = count.data?.entries ?? null;
  const [pageError, setError] = useState<Error | null>(null);
  const error = pageError ?? count.error;
  const [columns, setColumns] = useState<string[]>([]);
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const [, setTick] = useState(0);
  const [view, setView] = useState({ scrollTop: 0, height: 480 });
  const [scrollLeft, setScrollLeft] = useState(0);

  useEffect(() => {
    scroller.current?.focus();
  }, [filters]);

  const fetchPage = useCallback(
    (p: number) => {
      if (pages.current.has(p) || pending.current.has(p)) return;
      pending.current.add(p);
      api
        .table('pivot.rows', { filters, offset: p * DRILL_PAGE, limit: DRILL_PAGE })
        .then((t) => {
          const names = t.schema.fields.map((f) => f.name);
          setColumns((c) => (c.length ? c : names));
          const rows: Row[] = [];
          for (const r of t) rows.push(names.map((n) => (r as unknown as Record<string, unknown>)[n]));
          pages.current.set(p, rows);
          setTick((x) => x + 1);
        })
        .catch(setError)
        .finally(() => pending.current.delete(p));
    },
    [filters],
  );

  const win = total ? rowWindow(total, view.scrollTop, view.height) : null;
  const firstPage = win ? Math.floor(win.first / DRILL_PAGE) : -1;
  const lastPage = win ? Math.floor(win.last / DRILL_PAGE) : -1;
  useEffect(() => {
    for (let p = Math.max(0, firstPage); p <= lastPage; p++) fetchPage(p);
  }, [firstPage, lastPage, fetchPage]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setView((v) => ({ ...v, height: el.clientHeight })));
    ro.observe(el);
    return () => ro.disconnect();
  }, [total]);

  const rows: { i: number; row: Row | undefined }[] = [];
  if (win)
    for (let i = win.first; i <= win.last; i++) rows.push({ i, row: pages.current.get(Math.floor(i / DRILL_PAGE))?.[i % DRILL_PAGE] });
  const template = `${NUM_W}px ${columns.map((c) => `${widthOf(c)}px`).join(' ')}`;
  const width = NUM_W + columns.reduce((a, c) => a + widthOf(c), 0);

  return (
    <dialog ref={ref} className="roi-dialog ex-drill" aria-labelledby="ex-drill-title" onClose={onClose} data-testid="drill-grid">
      <header className="roi-dialog-head">
        <div>
          <h2 id="ex-drill-title">{title}</h2>
          <p className="muted small" data-testid="drill-count">
            {total === null ? 'Counting…' : `${fmtCount(total)} ${total === 1 ? 'entry' : 'entries'}`}
          </p>
        </div>
        <div className="ex-actions">
          <MakeSegment title={title} filters={filters} />
          <button type="button" className="ghost" onClick={() => onExport(filters)} disabled={!total}>
            Export these rows (CSV)
          </button>
          <button type="button" className="ghost" onClick={() => ref.current?.close()}>
            Close
          </button>
        </div>
      </header>
      {error && (
        <p className="roi-inline-error" role="alert">
          {error.message}
        </p>
      )}
      <div
        className="ex-grid"
        role="grid"
        aria-label={`Entries: ${title}`}
        aria-rowcount={(total ?? 0) + 1}
        aria-colcount={columns.length + 1}
      >
        <div className="ex-grid-head-wrap">
          <div
            className="ex-grid-head"
            role="row"
            aria-rowindex={1}
            style={{ gridTemplateColumns: template, width, transform: `translateX(${-scrollLeft}px)` }}
          >
            <span role="columnheader" className="num">
              #
            </span>
            {columns.map((c) => (
              <span role="columnheader" key={c}>
                {c}
              </span>
            ))}
          </div>
        </div>
        <div
          className="ex-grid-body"
          ref={scroller}
          tabIndex={0}
          aria-label="Entries, scroll for more"
          onScroll={(e) => {
            setView({ scrollTop: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight });
            setScrollLeft(e.currentTarget.scrollLeft);
          }}
          data-testid="drill-scroller"
        >
          <div className="ex-grid-space" style={{ height: win?.height ?? 0, width }}>
            {rows.map(({ i, row }) => (
              <div
                key={i}
                role="row"
                aria-rowindex={i + 2}
                className={`ex-grid-row${i % 2 ? ' odd' : ''}`}
                style={{ top: win!.top(i), height: ROW_HEIGHT, gridTemplateColumns: template, width }}
                data-index={i}
              >
                <span role="gridcell" className="num muted">
                  {fmtCount(i + 1)}
                </span>
                {row
                  ? row.map((v, j) => (
                      <span role="gridcell" key={j} className={typeof v === 'number' ? 'num' : undefined} data-col={columns[j]}>
                        {cellText(columns[j]!, v)}
                      </span>
                    ))
                  : columns.map((c) => <span role="gridcell" key={c} className="ex-grid-loading" aria-busy="true" />)}
              </div>
            ))}
          </div>
        </div>
      </div>
    </dialog>
  );
}
