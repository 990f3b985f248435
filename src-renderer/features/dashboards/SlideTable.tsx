import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { headerRows, shownLabels, type SlideTableModel } from './slideTable';
import './slides.css';

/** Type of a slide's table on a 1280 px wide screen: starts at the largest, shrinks to the smallest, then pages. */
const LARGEST = 26;
const SMALLEST = 14;

interface Part {
  cols: number[];
  rows: number[];
}
interface Fit {
  font: number;
  parts: Part[];
}

/**
 * A table on a slide that always fits its box, never with a scrollbar: its type shrinks from large to a
 * readable floor (14 px on a 1280 px screen, more on a larger one); what still does not fit goes on more
 * parts of the slide (→ shows the next), columns in groups with the labels repeated, rows whole. The table
 * is laid out once, hidden, at full size to measure it; labels wrap rather than being cut, and keep their
 * full text as a tooltip.
 */
export function SlideTable({
  model,
  part,
  onParts,
  testId,
}: {
  model: SlideTableModel;
  /** Which part to show (clamped to the parts there are). */
  part: number;
  onParts?: (n: number) => void;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ w: 0, h: 0 });
  const [fit, setFit] = useState<Fit | null>(null);

  useLayoutEffect(() => {
    const el = box.current!;
    const read = () => setRoom((r) => (r.w === el.clientWidth && r.h === el.clientHeight ? r : { w: el.clientWidth, h: el.clientHeight }));
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A hidden slide has no size: it is measured when it is shown.
  useLayoutEffect(() => {
    if (room.w > 0 && room.h > 0 && probe.current) setFit(measure(probe.current, room, model));
  }, [room, model]);

  const parts = fit?.parts.length ?? 1;
  useEffect(() => onParts?.(parts), [parts, onParts]);

  const all = { cols: model.columns.map((_, i) => i), rows: model.rows.map((_, i) => i) };
  const shown = fit ? fit.parts[Math.min(part, fit.parts.length - 1)]! : null;
  return (
    <div className="slide-fit" ref={box}>
      {/* Clipped, so the measured table (wider than the slide, at first) never makes the slide scroll. */}
      <div className="slide-probe-clip" aria-hidden>
        <div className="slide-probe" ref={probe}>
          <Table model={model} part={all} />
        </div>
      </div>
      {fit && shown && (
        <>
          <Table model={model} part={shown} testId={testId} font={fit.font} />
          {parts > 1 && (
            <p
              className="slide-part-note"
              data-testid="slide-part-note"
              aria-live="polite"
              style={{ fontSize: Math.max(SMALLEST, fit.font * 0.8) }}
            >
              {partNote(model, fit, shown)}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function partNote(model: SlideTableModel, fit: Fit, shown: Part): string {
  const out: string[] = [];
  const i = fit.parts.indexOf(shown);
  if (shown.rows.length < model.rows.length)
    out.push(`Rows ${shown.rows[0]! + 1}–${shown.rows[shown.rows.length - 1]! + 1} of ${model.rows.length}`);
  if (shown.cols.length < model.columns.length)
    out.push(`columns ${shown.cols[0]! + 1}–${shown.cols[shown.cols.length - 1]! + 1} of ${model.columns.length}`);
  out.push(i < fit.parts.length - 1 ? `part ${i + 1} of ${fit.parts.length}: → shows the rest` : `part ${i + 1} of ${fit.parts.length}`);
  return out.join(' · ');
}

function Table({ model, part, testId, font }: { model: SlideTableModel; part: Part; testId?: string; font?: number }) {
  const heads = headerRows(model, part.cols);
  const nLabels = model.labelHeads.length;
  const labels = shownLabels(model, part.rows);
  return (
    <table className="slide-table" data-testid={testId} style={font ? { fontSize: font } : undefined}>
      <thead>
        {heads.map((cells, level) => (
          <tr key={level}>
            {model.labelHeads.map((h, i) => {
              const last = level === heads.length - 1;
              // The corner above the labels names the column fields, the bottom row the row fields.
              const text = last ? h : i === nLabels - 1 ? (model.colFields[level] ?? '') : '';
              return (
                <th key={`l${i}`} scope="col" className="slide-label">
                  {text}
                </th>
              );
            })}
            {cells.map((c) => (
              <th key={c.first} scope="col" colSpan={c.span} className={level === heads.length - 1 ? 'num' : 'slide-colval'}>
                {c.text}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {part.rows.map((r, k) => {
          const row = model.rows[r]!;
          return (
            <tr key={row.key} className={`slide-${row.kind}`} data-key={row.key}>
              {labels[k]!.map((t, i) => (
                <th key={i} scope="row" className="slide-label" title={row.labels[i] || undefined}>
                  {t}
                </th>
              ))}
              {part.cols.map((c) => (
                <td key={c} className="num">
                  {row.cells[c]}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Size of the type and the parts, from the hidden full table laid out in a box as wide as the slide's. */
function measure(probe: HTMLElement, room: { w: number; h: number }, model: SlideTableModel): Fit {
  const table = probe.querySelector('table')!;
  const scale = Math.max(1, window.innerWidth / 1280);
  const largest = LARGEST * scale;
  const smallest = SMALLEST * scale;
  probe.style.width = `${room.w}px`;
  const fitsAt = (font: number) => {
    table.style.fontSize = `${font}px`;
    return table.offsetWidth <= room.w && table.offsetHeight <= room.h;
  };
  // The largest type at which the whole table fits the slide; else the smallest, and parts.
  let font = largest;
  if (!fitsAt(largest)) {
    let lo = smallest;
    let hi = largest;
    for (let i = 0; i < 7; i++) {
      const mid = (lo + hi) / 2;
      if (fitsAt(mid)) lo = mid;
      else hi = mid;
    }
    font = lo;
  }
  const all = model.columns.map((_, i) => i);
  if (fitsAt(font)) return { font, parts: [{ cols: all, rows: model.rows.map((_, i) => i) }] };
  const nLabels = model.labelHeads.length;
  // Groups of figure columns that fit beside the labels (one group when the table is not too wide).
  const leaf = [...table.querySelectorAll<HTMLElement>('thead tr:last-child th')];
  const labelWidth = leaf.slice(0, nLabels).reduce((a, th) => a + th.offsetWidth, 0);
  const widths = leaf.slice(nLabels).map((th) => th.offsetWidth);
  const groups: number[][] = [];
  if (table.offsetWidth <= room.w) groups.push(all);
  else
    widths.forEach((w, c) => {
      const g = groups[groups.length - 1];
      if (g && g.reduce((a, i) => a + widths[i]!, labelWidth) + w <= room.w) g.push(c);
      else groups.push([c]);
    });
  if (!groups.length) groups.push([]);
  // Row heights as the first group lays them out (the others hidden: squeezed, labels would wrap more).
  const keep = new Set(groups[0]!.map((c) => c + nLabels));
  const hidden = [...table.querySelectorAll<HTMLElement>('tbody tr')].flatMap((tr) =>
    [...tr.children].filter((_, i) => i >= nLabels && !keep.has(i)),
  ) as HTMLElement[];
  const thead = table.querySelector('thead')!;
  const head = thead.offsetHeight;
  // The heading too: its cells span the hidden columns.
  hidden.push(thead);
  hidden.forEach((c) => (c.style.display = 'none'));
  const heights = [...table.querySelectorAll<HTMLElement>('tbody tr')].map((tr) => tr.offsetHeight);
  hidden.forEach((c) => (c.style.display = ''));
  // Rows, whole, in the height left under the heading and the line that says which part this is.
  const note = Math.max(smallest, font * 0.8) * 1.6 + 8;
  const avail = room.h - note - head - 2;
  const paginate = (target: number) => {
    const pages: number[][] = [];
    let used = Infinity;
    heights.forEach((h, r) => {
      if (used + h > avail || used >= target) {
        pages.push([]);
        used = 0;
      }
      pages[pages.length - 1]!.push(r);
      used += h;
    });
    return pages.length ? pages : [[]];
  };
  // As few parts as fit, then rows shared evenly between them (19 rows: 10 and 9, not 16 and 3).
  const fewest = paginate(Infinity);
  const even = paginate(heights.reduce((a, b) => a + b, 0) / fewest.length - 1);
  const pages = even.length === fewest.length ? even : fewest;
  return { font, parts: groups.flatMap((cols) => pages.map((rows) => ({ cols, rows }))) };
}
