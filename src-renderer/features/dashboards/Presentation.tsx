import { useCallback, useEffect, useRef, useState } from 'react';
import type { DashboardFilters, DashboardTile } from '../../../src-main/contract/dashboards';
import { typing } from '../../keys';
import { scopeText } from './scope';
import { TileBody } from './tiles/TileBody';

/**
 * Presentation mode: full screen, one tile per slide in the dashboard's order, its title and note, in
 * a high-contrast theme with large type. → / Space / Page Down next, ← / Page Up back, Home / End,
 * Esc (or leaving full screen) ends it.
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
  const [size, setSize] = useState({ w: window.innerWidth, h: window.innerHeight });
  const root = useRef<HTMLDivElement>(null);
  const wasFull = useRef(false);
  const go = useCallback((to: number) => setIndex(Math.max(0, Math.min(slides.length - 1, to))), [slides.length]);

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
      if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'].includes(e.key)) go(index + 1);
      else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].includes(e.key)) go(index - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(slides.length - 1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index, slides.length, onClose]);

  const slide = slides[index]!;
  // The room a slide's content has: the screen less title, footer and (when it has one) its note.
  const heightOf = (t: DashboardTile) => Math.max(200, size.h - 96 - 64 - (t.note ? 130 : 0) - 48);
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
        <span className="present-count" data-testid="slide-count">
          {index + 1} / {slides.length}
        </span>
      </header>
      {/* Every slide stays mounted (hidden but the current one), so moving between them is instant. */}
      {slides.map((t, i) => (
        <div
          key={t.tileId}
          className="present-body"
          data-kind={t.kind}
          hidden={i !== index}
          data-testid={i === index ? 'slide-body' : undefined}
        >
          <TileBody tile={t} filters={filters} theme="contrast" height={heightOf(t)} big />
        </div>
      ))}
      {slide.note && (
        <p className="present-note" data-testid="slide-note">
          {slide.note}
        </p>
      )}
      <footer className="present-foot">
        <span>
          {name} · {scopeText(filters)}
        </span>
        <span className="present-keys">
          <button type="button" onClick={() => go(index - 1)} disabled={index === 0} aria-label="Previous slide">
            ←
          </button>
          <button type="button" onClick={() => go(index + 1)} disabled={index === slides.length - 1} aria-label="Next slide">
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
