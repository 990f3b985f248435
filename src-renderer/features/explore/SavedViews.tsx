import { memo, useEffect, useState } from 'react';
import { useConfirm } from '../../components/ConfirmDialog';
import { mutate, useQuery } from '../../lib/query';
import type { SavedView } from '../../../src-main/contract/pivot';
import type { PivotChartType } from '../../charts/pivotCharts';
import { toPivotSpec, type ExploreSpec } from './spec';

/** Saved views (name, pivot, chart type) of the workspace: open, save, save as, delete. */
export const SavedViews = memo(function SavedViews({
  spec,
  chart,
  current,
  onOpen,
  onSaved,
  onError,
}: {
  spec: ExploreSpec;
  chart: PivotChartType;
  current: SavedView | null;
  onOpen: (v: SavedView) => void;
  onSaved: (v: SavedView | null) => void;
  onError: (e: Error) => void;
}) {
  const list = useQuery('views.list', {});
  const views = list.data ?? [];
  useEffect(() => {
    if (list.error) onError(list.error);
  }, [list.error, onError]);
  const [naming, setNaming] = useState(false);
  const [confirm, confirmDialog] = useConfirm();
  const [name, setName] = useState('');

  const save = async (viewId: string | undefined, n: string) => {
    try {
      const v = await mutate('views.save', { ...(viewId ? { viewId } : {}), name: n, spec: toPivotSpec(spec), chart });
      onSaved(v);
      setNaming(false);
    } catch (e) {
      onError(e as Error);
    }
  };

  return (
    <div className="ex-views" role="group" aria-label="Saved views">
      <div className="field">
        <label htmlFor="ex-saved-view">Saved view</label>
        <select
          id="ex-saved-view"
          value={current?.viewId ?? ''}
          onChange={(e) => {
            const v = views.find((x) => x.viewId === e.target.value);
            if (v) onOpen(v);
          }}
        >
          <option value="">{views.length ? '(unsaved)' : 'No saved views'}</option>
          {views.map((v) => (
            <option key={v.viewId} value={v.viewId}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      {naming ? (
        <form
          className="ex-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void save(undefined, name.trim());
          }}
        >
          <input
            aria-label="View name"
            placeholder="Name of the view"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
          <button type="submit" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" className="ghost" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          {current && (
            <button
              type="button"
              className="ghost"
              onClick={() => void save(current.viewId, current.name)}
              title={`Save the pivot into “${current.name}”`}
            >
              Save
            </button>
          )}
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setName(current ? `${current.name} (copy)` : '');
              setNaming(true);
            }}
          >
            Save as…
          </button>
          {current && (
            <button
              type="button"
              className="ghost"
              onClick={async () => {
                const ok = await confirm({
                  title: `Delete the saved view “${current.name}”?`,
                  body: <p>The view's rows, columns, measures and filters are lost; the data and dashboards stay.</p>,
                  confirmLabel: 'Delete view',
                  danger: true,
                });
                if (!ok) return;
                await mutate('views.delete', { viewId: current.viewId }).catch(onError);
                onSaved(null);
              }}
            >
              Delete
            </button>
          )}
        </>
      )}
      {confirmDialog}
    </div>
  );
});
