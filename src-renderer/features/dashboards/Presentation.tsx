import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DashboardFilters, DashboardTile } from '../../../src-main/contract/dashboards';
import { typing } from '../../keys';
import { useQuery } from '../../lib/query';
import { scopeLine, tileScope } from './slideScope';
import { TileBody } from './tiles/TileBody';
import './slides.css';

/**
 * Presentation mode: full screen, one tile per slide in the dashboard's order, its title and note, in
 * a high-contrast theme with large type. → / Space / Page Down next, ← / Page Up back, Home / End,
 * Esc (or leaving full screen) ends it. Every slide says what its figures cover (dates and filters, in
 * words); a table that does not fit at a readable size goes on in parts of its slide, which → shows in turn.
 */
export function Presentation({
  name,
  slides,
  filters,
  start = 0,
  onClose,
}: {
  name: string;
  slides: DashboardTile[];
  filters: DashboardFilters;
  start?: number;
  onClose: () => void;
}) {
  const [index, setIndex] = useState(Math.min(start, slides.length - 1));
  // The part of the current slide shown, and how many parts each slide's table needs (1 unless said).
  const [part, setPart] = useState(0);
  const [parts, setParts] = useState<Record<string, number>>({});
  const views = useQuery('views.list', {});
  const fieldList = useQuery('pivot.fields', {});
  const info = useQuery('workspace.info', {});
  const [size, setSize] = useState({ w: window.innerWidth, h: window.innerHeight });
  const root = useRef<HTMLDivElement>(null);
  const wasFull = useRef(false);
  const go = useCallback(
    (to: number, toPart = 0) => {
      setIndex(Math.max(0, Math.min(slides.length - 1, to)));
      setPart(to < 0 || to >= slides.length ? part : toPart);
    },
    [slides.length, part],
  );
  const partsOf = useCallback((i: number) => parts[slides[i]?.tileId ?? ''] ?? 1, [parts, slides]);
  // → goes through the parts of a slide before the next slide; ← back through them (into the previous slide's last).
  const next = useCallback(
    () => (part < partsOf(index) - 1 ? setPart(part + 1) : index < slides.length - 1 && go(index + 1)),
    [part, partsOf, index, slides.length, go],
  );
  const back = useCallback(
    () => (part > 0 ? setPart(part - 1) : index > 0 && go(index - 1, partsOf(index - 1) - 1)),
    [part, partsOf, index, go],
  );
  const onParts = useMemo(
    () =>
      Object.fromEntries(slides.map((t) => [t.tileId, (n: number) => setParts((p) => (p[t.tileId] === n ? p : { ...p, [t.tileId]: n }))])),
    [slides],
  );

  useEffect(() => {
    const el = root.current;
    el?.focus();
    // Full screen needs a user gesture; the click on Present is one. Where it is refused (a kiosk, a test), the overlay still fills the window.
    el?.requestFullscreen?.().then(
      () => (wasFull.current = true),
      () => undefined,
    );
    const onFull = () => {
      if (wasFull.current && !document.fullscreenElement) onClose();
    };
    const onResize = () => setSize({ w: window.innerWidth, h: window.innerHeight });
    document.addEventListener('fullscreenchange', onFull);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('fullscreenchange', onFull);
      window.removeEventListener('resize', onResize);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [onClose]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].includes(e.key)) next();
      else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].includes(e.key)) back();
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(slides.length - 1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, next, back, slides.length, onClose]);

  const slide = slides[index]!;
  const fields = useMemo(() => new Map((fieldList.data ?? []).map((f) => [f.id, f])), [fieldList.data]);
  const scope = tileScope(slide, filters, {
    view: slide.viewId ? views.data?.find((v) => v.viewId === slide.viewId) : undefined,
    fields,
    campaign: info.data?.dateRange,
  });
  const shownPart = Math.min(part, partsOf(index) - 1);
  // The room a slide's content has: the screen less title, what it covers, footer and (when it has one) its note.
  const heightOf = (t: DashboardTile) => Math.max(200, size.h - 96 - 52 - 64 - (t.note ? 130 : 0) - 48);
  return (
    <div
      className="present"
      ref={root}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label={`Presentation: ${name}`}
      data-testid="presentation"
    >
      <header className="present-head">
        <h1 data-testid="slide-title">{slide.title || 'Untitled'}</h1>
        <span className="present-count">
          <span data-testid="slide-count">
            {index + 1} / {slides.length}
          </span>
          {partsOf(index) > 1 && (
            <span className="present-part" data-testid="slide-part">
              {' '}
              · part {shownPart + 1} of {partsOf(index)}
            </span>
          )}
        </span>
      </header>
      <p className="present-scope" data-testid="slide-scope" title={scopeLine(scope)}>
        <span>
          <b>Dates:</b> {scope.dates}
        </span>
        <span>
          <b>Filters:</b> {scope.filters}
        </span>
      </p>
      {/* Every slide stays mounted (hidden but the current one), so moving between them is instant. */}
      {slides.map((t, i) => (
        <div
          key={t.tileId}
          className="present-body"
          data-kind={t.kind}
          hidden={i !== index}
          data-testid={i === index ? 'slide-body' : undefined}
        >
          <TileBody
            tile={t}
            filters={filters}
            theme="contrast"
            height={heightOf(t)}
            big
            part={i === index ? shownPart : 0}
            onParts={onParts[t.tileId]}
          />
        </div>
      ))}
      {slide.note && (
        <p className="present-note" data-testid="slide-note">
          {slide.note}
        </p>
      )}
      <footer className="present-foot">
        <span>{name}</span>
        <span className="present-keys">
          <button type="button" onClick={back} disabled={index === 0 && shownPart === 0} aria-label="Previous slide">
            ←
          </button>
          <button
            type="button"
            onClick={next}
            disabled={index === slides.length - 1 && shownPart >= partsOf(index) - 1}
            aria-label="Next slide"
          >
            →
          </button>
          <button type="button" onClick={onClose}>
            Leave (Esc)
          </button>
        </span>
      </footer>
    </div>
  );
}
