import { useState } from 'react';
import { TILE_KINDS, type DashboardTile, type TileKind } from '../../../src-main/contract/dashboards';
import { useQuery } from '../../lib/query';
import { KIND_LABELS } from './scope';

/** Edit mode's "add a tile": a ready-made kind, or any saved Explore view. */
export function AddTile({ onAdd }: { onAdd: (t: Pick<DashboardTile, 'kind' | 'title' | 'note' | 'viewId'>) => void }) {
  const [kind, setKind] = useState<TileKind>('roi_chart');
  const list = useQuery('views.list', {});
  const views = list.error ? [] : (list.data ?? []);
  const error = list.error ? `The saved Explore views could not be listed: ${list.error.message}` : null;
  const [viewId, setViewId] = useState('');
  const view = views.find((v) => v.viewId === viewId);
  const add = () => {
    if (kind === 'view' && !view) return;
    onAdd(
      kind === 'view'
        ? { kind, viewId: view!.viewId, title: view!.name, note: '' }
        : { kind, title: KIND_LABELS[kind].replace(/ \((table|chart)\)$/, ''), note: '' },
    );
  };
  return (
    <section className="card dash-add" aria-label="Add a tile">
      {error && (
        <p className="roi-inline-error" role="alert">
          {error}
        </p>
      )}
      <label className="field">
        Add a tile
        <select value={kind} onChange={(e) => setKind(e.target.value as TileKind)}>
          {TILE_KINDS.map((k) => (
            <option key={k} value={k} disabled={k === 'view' && views.length === 0}>
              {KIND_LABELS[k]}
              {k === 'view' && views.length === 0 ? ' (save one in Explore first)' : ''}
            </option>
          ))}
        </select>
      </label>
      {kind === 'view' && (
        <label className="field">
          Saved view
          <select value={viewId} onChange={(e) => setViewId(e.target.value)}>
            <option value="">Choose…</option>
            {views.map((v) => (
              <option key={v.viewId} value={v.viewId}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={add} disabled={kind === 'view' && !view}>
        Add
      </button>
      <span className="muted small">Drag tiles to reorder them; the order is also the order of the slides.</span>
    </section>
  );
}
