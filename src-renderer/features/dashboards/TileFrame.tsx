import { useState, type DragEvent } from 'react';
import type { DashboardTile } from '../../../src-main/contract/dashboards';
import { COLUMNS } from './layout';
import { UNFILTERED } from './scope';

export interface TileEdits {
  onMove: (by: -1 | 1) => void;
  onResize: (w: number, h: number) => void;
  onRemove: () => void;
  onChange: (t: Partial<Pick<DashboardTile, 'title' | 'note'>>) => void;
  onDropBefore: (draggedId: string) => void;
}

/** A tile on the grid: its title, whether the filters apply, its body; in Edit, the controls to arrange it. */
export function TileFrame({
  tile,
  index,
  count,
  filtered,
  edits,
  waiting = false,
  children,
}: {
  tile: DashboardTile;
  index: number;
  count: number;
  filtered: boolean;
  edits: TileEdits | null;
  /** A date range is being brushed and this tile follows it only on release (dimmed meanwhile). */
  waiting?: boolean;
  children: React.ReactNode;
}) {
  const [over, setOver] = useState(false);
  const caveat = UNFILTERED[tile.kind];
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const id = e.dataTransfer.getData('text/x-ace-tile');
    if (id && edits) edits.onDropBefore(id);
  };
  return (
    <section
      className={`card dash-tile${edits ? ' editing' : ''}${over ? ' drop-target' : ''}${waiting ? ' brush-waiting' : ''}`}
      title={waiting ? 'Follows the brushed dates when you let go' : undefined}
      style={{ gridColumn: `${tile.x + 1} / span ${tile.w}`, gridRow: `${tile.y + 1} / span ${tile.h}` }}
      aria-label={tile.title || 'Untitled tile'}
      data-tile={tile.tileId}
      data-kind={tile.kind}
      draggable={!!edits}
      onDragStart={edits ? (e) => e.dataTransfer.setData('text/x-ace-tile', tile.tileId) : undefined}
      onDragOver={edits ? (e) => (e.preventDefault(), setOver(true)) : undefined}
      onDragLeave={edits ? () => setOver(false) : undefined}
      onDrop={edits ? drop : undefined}
    >
      {edits ? (
        <div className="dash-tile-edit">
          <input aria-label="Tile title" value={tile.title} maxLength={200} onChange={(e) => edits.onChange({ title: e.target.value })} />
          <div className="dash-tile-tools" role="group" aria-label={`Arrange ${tile.title || 'this tile'}`}>
            <button
              type="button"
              className="ghost small"
              disabled={index === 0}
              onClick={() => edits.onMove(-1)}
              aria-label="Move earlier"
              title="Move earlier (also: earlier slide)"
            >
              ◀
            </button>
            <button
              type="button"
              className="ghost small"
              disabled={index === count - 1}
              onClick={() => edits.onMove(1)}
              aria-label="Move later"
              title="Move later (also: later slide)"
            >
              ▶
            </button>
            <label className="small">
              Width
              <select value={tile.w} onChange={(e) => edits.onResize(Number(e.target.value), tile.h)}>
                {Array.from({ length: COLUMNS - 1 }, (_, i) => i + 2).map((w) => (
                  <option key={w} value={w}>
                    {w}/12
                  </option>
                ))}
              </select>
            </label>
            <label className="small">
              Height
              <select value={tile.h} onChange={(e) => edits.onResize(tile.w, Number(e.target.value))}>
                {Array.from({ length: 12 }, (_, i) => i + 1).map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="ghost small danger"
              onClick={edits.onRemove}
              aria-label={`Remove ${tile.title || 'this tile'}`}
            >
              Remove
            </button>
          </div>
          <textarea
            aria-label="Speaker note for this slide"
            placeholder="Note for this slide (shown under it in presentation mode)"
            value={tile.note}
            maxLength={4000}
            rows={2}
            onChange={(e) => edits.onChange({ note: e.target.value })}
          />
        </div>
      ) : (
        <h2 className="dash-tile-title">
          {tile.title || 'Untitled'}
          {filtered && caveat && (
            <span className="dash-caveat" title={caveat}>
              not filtered
            </span>
          )}
        </h2>
      )}
      <div className="dash-tile-body">{children}</div>
    </section>
  );
}
