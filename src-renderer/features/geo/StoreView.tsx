import type { PivotFilter } from '../../../src-main/contract/pivot';
import { useMemo, useState } from 'react';
import type { StoreView as View } from '../../../src-main/contract/geo';
import { fmtCount, fmtMoney } from '../../format';
import { mutate, useQuery } from '../../lib/query';
import { Breakdown, RedemptionSplit } from './Breakdown';
import { locatedLabel } from './storeTable';

/** The segment's name for a store's radius: "Within 10 mi of ACE Shoes Boston #1". */
export const segmentName = (view: View) =>
  `Within ${view.miles} mi of ${view.store.name ?? view.store.store_id}${'all' in view.rule ? ' (filtered)' : ''}`.slice(0, 120);

/** One click makes the responders a segment (the localized offer), and says so. */
function MakeSegment({ view }: { view: View }) {
  const [state, setState] = useState<{ saving?: boolean; saved?: string; error?: string }>({});
  const save = async () => {
    setState({ saving: true });
    try {
      const s = await mutate('segments.save', { name: segmentName(view), rule: view.rule });
      setState({ saved: s.name });
    } catch (e) {
      setState({ error: (e as Error).message });
    }
  };
  return (
    <div className="map-make-segment">
      <button type="button" onClick={() => void save()} disabled={state.saving || !!state.saved || view.responders === 0}>
        {state.saving ? 'Saving…' : `Make a segment of these ${fmtCount(view.responders)} people`}
      </button>
      <span role="status" className="small" data-testid="segment-status">
        {state.saved && (
          <span className="map-saved">
            ✓ Saved as segment “{state.saved}” ({fmtCount(view.responders)} people). Find it on the Segments screen.
          </span>
        )}
      </span>
      {state.error && (
        <span role="alert" className="inline-error small">
          Could not save the segment: {state.error}
        </span>
      )}
    </div>
  );
}

/** A store's responders within the radius: who they are, where they redeemed, and a segment of them. */
export function StoreView({
  storeId,
  miles,
  filters = [],
  onClose,
}: {
  storeId: string;
  miles: number;
  filters?: PivotFilter[];
  onClose: () => void;
}) {
  const input = useMemo(() => ({ storeId, miles, filters }), [storeId, miles, filters]);
  const { data: view, error, loading } = useQuery('geo.storeView', input);
  const current = view && view.store.store_id === storeId ? view : null;
  const name = current?.store.name ?? storeId;

  return (
    <section className="card map-store-view" aria-labelledby="map-store-title" aria-busy={loading} data-testid="store-view">
      <header className="map-row">
        <div>
          <h2 id="map-store-title">{name}</h2>
          {current && (
            <p className="muted small map-store-meta">
              {current.store.store_id} · {current.store.market ?? 'no market'} · zip {current.store.zip ?? '–'} ·{' '}
              {locatedLabel(current.store)}
              {current.store.located === 'zip' && ' (approximate)'} · {fmtCount(current.store.redemptions)} redemptions here,{' '}
              {fmtMoney(current.store.revenue)}
            </p>
          )}
        </div>
        <button type="button" className="ghost" onClick={onClose} aria-label={`Close the view of ${name}`}>
          Close
        </button>
      </header>
      {error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      {!current && !error && <p className="loading">Counting the responders around {storeId}…</p>}
      {current && current.store.located === null && (
        <p className="map-note" role="note">
          This store has no location (no lat/lon and no known zip), so nobody is within a distance of it.
        </p>
      )}
      {current && (
        <>
          <div className="map-store-head">
            <div className="kpi map-kpi">
              <div className="kpi-label">Responders within {current.miles} mi</div>
              <div className="kpi-value" data-testid="store-responders">
                {fmtCount(current.responders)}
              </div>
              <div className="muted small">people whose zip centre is within {current.miles} miles</div>
            </div>
            <RedemptionSplit split={current.redemption} of={current.responders} />
          </div>
          <MakeSegment key={`${current.store.store_id}:${current.miles}`} view={current} />
          <div className="map-breakdowns">
            <Breakdown title="Age band" rows={current.byAgeBand} of={current.responders} testId="by-age" />
            <Breakdown title="Product affinity" rows={current.byAffinity} of={current.responders} testId="by-affinity" />
            <Breakdown title="Purchase timeframe" rows={current.byTimeframe} of={current.responders} testId="by-timeframe" />
            <Breakdown
              title="Channel"
              rows={current.byChannel}
              of={current.responders}
              note="a person counts under each channel they used"
              testId="by-channel"
            />
          </div>
        </>
      )}
    </section>
  );
}
