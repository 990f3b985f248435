import { useState } from 'react';
import type { Counts, StoreView as View } from '../../../src-main/contract/geo';
import { api } from '../../api/client';
import { fmtCount } from '../../format';

function CountTable({ title, rows }: { title: string; rows: Counts }) {
  return (
    <table className="table geo-counts" aria-label={title}>
      <caption className="small muted">{title}</caption>
      <tbody>
        {rows.slice(0, 8).map((r) => (
          <tr key={String(r.value)}>
            <td>{r.value ?? '(unknown)'}</td>
            <td className="num">{fmtCount(r.people)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One store's responders within the radius, and a one-click segment of them (the localized offer). */
export function StoreView({ view }: { view: View }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = view.store.name ?? view.store.store_id;
  const save = async () => {
    try {
      const s = await api.call('segments.save', { name: `Within ${view.miles} mi of ${name}`.slice(0, 120), rule: view.rule });
      setSaved(`Saved segment “${s.name}” (${fmtCount(view.responders)} people).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const r = view.redemption;
  return (
    <section className="card geo-store" aria-label={`Store ${name}`} data-testid="store-view">
      <header className="geo-row">
        <h2>
          {name} <span className="muted small">{view.store.store_id} · within {view.miles} mi{view.store.located === 'zip' ? ' · placed at its zip centre' : ''}</span>
        </h2>
        <button type="button" onClick={() => void save()} disabled={!!saved || view.responders === 0}>
          Make a segment of these {fmtCount(view.responders)} people
        </button>
      </header>
      {saved && <p className="muted small" role="status" data-testid="store-segment">{saved}</p>}
      {error && <p className="inline-error small" role="alert">{error}</p>}
      <div className="kpis">
        <div className="kpi"><div className="kpi-label">Responders</div><div className="kpi-value" data-testid="store-responders">{fmtCount(view.responders)}</div></div>
        <div className="kpi"><div className="kpi-label">Redeemed here</div><div className="kpi-value">{fmtCount(r.atThisStore)}</div></div>
        <div className="kpi"><div className="kpi-label">Only at other stores</div><div className="kpi-value">{fmtCount(r.elsewhereOnly)}</div></div>
        <div className="kpi"><div className="kpi-label">Never redeemed</div><div className="kpi-value">{fmtCount(r.never)}</div></div>
      </div>
      <div className="geo-grid">
        <CountTable title="Age band" rows={view.byAgeBand} />
        <CountTable title="Product affinity" rows={view.byAffinity} />
        <CountTable title="Purchase timeframe" rows={view.byTimeframe} />
        <CountTable title="Channels (a person counts under each they used)" rows={view.byChannel} />
      </div>
    </section>
  );
}
