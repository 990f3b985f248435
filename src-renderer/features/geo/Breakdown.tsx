import type { Counts } from '../../../src-main/contract/geo';
import { fmtCount } from '../../format';

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : '–');

/** One breakdown of a store's responders as labelled bars (a table underneath, for screen readers too). */
export function Breakdown({ title, rows, of, note, testId }: { title: string; rows: Counts; of: number; note?: string; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.people));
  return (
    <div className="map-breakdown">
      <table className="map-bars" data-testid={testId}>
        <caption>
          {title}
          {note && <span className="muted small"> · {note}</span>}
        </caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">People</th>
            <th scope="col">Share of responders</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={String(r.value)}>
              <th scope="row" className={r.value === null ? 'muted' : undefined}>
                {r.value ?? '(not given)'}
              </th>
              <td className="map-bar-cell">
                <span className="map-bar" style={{ width: `${(100 * r.people) / max}%` }} aria-hidden />
                <span className="map-bar-value">{fmtCount(r.people)}</span>
              </td>
              <td className="num muted small">{pct(r.people, of)}</td>
            </tr>
          ))}
          {!rows.length && (
            <tr>
              <td colSpan={3} className="muted small">
                Nobody within the radius.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Of the responders: redeemed at this store, only at other stores, never; as one stacked bar and its figures. */
export function RedemptionSplit({ split, of }: { split: { atThisStore: number; elsewhereOnly: number; never: number }; of: number }) {
  const parts = [
    { id: 'here', label: 'Redeemed here', n: split.atThisStore },
    { id: 'elsewhere', label: 'Only at other stores', n: split.elsewhereOnly },
    { id: 'never', label: 'Never redeemed', n: split.never },
  ];
  return (
    <div className="map-split" data-testid="redemption-split">
      <div className="map-split-bar" aria-hidden>
        {parts.map((p) => (
          <span key={p.id} className={`map-split-${p.id}`} style={{ flexGrow: p.n }} />
        ))}
      </div>
      <dl className="map-split-legend">
        {parts.map((p) => (
          <div key={p.id} data-part={p.id}>
            <dt>
              <span className={`map-swatch map-split-${p.id}`} aria-hidden /> {p.label}
            </dt>
            <dd>
              <strong>{fmtCount(p.n)}</strong> <span className="muted small">{pct(p.n, of)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
