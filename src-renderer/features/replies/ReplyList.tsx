import { useState } from 'react';
import type { RepliesSummary, ReplyType } from '../../../src-main/contract/replies';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { mutate, useQuery } from '../../lib/query';
import { useDebounced } from '../../lib/useDebounced';
import { mediaBuyLabel, searchInput, segmentName, TYPE_LABELS, type ReplyFilters } from './filters';

const PAGE = 50;

/** The replies themselves: search by words, type, media buy and theme; newest first; the people behind them as a segment. */
export function ReplyList({
  summary,
  filters,
  onChange,
}: {
  summary: RepliesSummary;
  filters: ReplyFilters;
  onChange: (f: Partial<ReplyFilters>) => void;
}) {
  const [page, setPage] = useState(0);
  const [saved, setSaved] = useState<{ text?: string; error?: string } | null>(null);
  const settled = useDebounced(filters, 200);
  const q = useQuery('replies.search', { ...searchInput(settled), limit: PAGE, offset: page * PAGE });
  const set = (f: Partial<ReplyFilters>) => {
    setPage(0);
    setSaved(null);
    onChange(f);
  };
  const buy = summary.byMediaBuy.find((b) => (b.mediaBuyId ?? '') === filters.mediaBuy);
  const total = q.data?.total ?? 0;
  const makeSegment = async () => {
    try {
      const f = searchInput(filters);
      const rule = {
        type: 'replied' as const,
        ...(f.types.length ? { types: f.types } : {}),
        ...(f.text ? { text: f.text } : {}),
        ...(f.theme ? { theme: f.theme } : {}),
        ...(f.mediaBuys.length ? { mediaBuys: f.mediaBuys } : {}),
      };
      const [s, count] = await Promise.all([
        mutate('segments.save', { name: segmentName(filters, buy ? mediaBuyLabel(buy.mediaBuyId, buy.name) : null), rule }),
        api.call('segments.count', { rule }),
      ]);
      setSaved({
        text: `Saved “${s.name}”: ${fmtCount(count.people)} ${count.people === 1 ? 'person' : 'people'} (${fmtCount(count.reachable.email)} reachable by email, ${fmtCount(count.reachable.sms)} by SMS).`,
      });
    } catch (e) {
      setSaved({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section className="card" aria-labelledby="rp-list-h">
      <h2 id="rp-list-h">Replies</h2>
      <div className="rp-filters">
        <label>
          Words
          <input
            type="search"
            value={filters.text}
            placeholder="e.g. parking, late, coupon"
            maxLength={200}
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          Type
          <select value={filters.types[0] ?? ''} onChange={(e) => set({ types: e.target.value ? [e.target.value as ReplyType] : [] })}>
            <option value="">Any</option>
            {(Object.keys(TYPE_LABELS) as ReplyType[]).map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Media buy
          <select value={filters.mediaBuy ?? '*'} onChange={(e) => set({ mediaBuy: e.target.value === '*' ? null : e.target.value })}>
            <option value="*">Any</option>
            {summary.byMediaBuy.map((b) => (
              <option key={b.mediaBuyId ?? ''} value={b.mediaBuyId ?? ''}>
                {mediaBuyLabel(b.mediaBuyId, b.name)}
              </option>
            ))}
          </select>
        </label>
        {filters.theme && (
          <span className="rp-chip rp-chip-on">
            theme: {filters.theme}{' '}
            <button
              type="button"
              className="ghost small"
              aria-label={`Clear the theme ${filters.theme}`}
              onClick={() => set({ theme: null })}
            >
              ×
            </button>
          </span>
        )}
      </div>
      <p className="muted small" role="status" data-testid="replies-count">
        {q.loading && !q.data ? 'Searching…' : `${fmtCount(total)} ${total === 1 ? 'reply' : 'replies'}`}
        {total > PAGE && ` · ${fmtCount(page * PAGE + 1)}–${fmtCount(Math.min(total, (page + 1) * PAGE))}`}
      </p>
      {q.error && (
        <p className="inline-error" role="alert">
          Could not search the replies: {q.error.message}
        </p>
      )}
      {q.data && q.data.rows.length > 0 && (
        <div className="rp-scroll">
          <table className="table rp-list" data-testid="replies-list">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Media buy</th>
                <th scope="col">Type</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r, i) => (
                <tr key={`${page}-${i}`}>
                  <td className="small dl-nowrap">{r.receivedAt}</td>
                  <td className="small">
                    <div>{r.address ?? '—'}</div>
                    <div className="muted">
                      {r.personId ? `${r.channel ?? ''} · entrant` : `${r.channel ?? ''} · no entry from this address`}
                    </div>
                  </td>
                  <td className="small">
                    {r.mediaBuyId === null ? <span className="muted">(unattributed)</span> : mediaBuyLabel(r.mediaBuyId, r.mediaBuyName)}
                  </td>
                  <td className="small">
                    <span className={`rp-type rp-type-${r.type}`}>{TYPE_LABELS[r.type]}</span>
                  </td>
                  <td className="rp-text">
                    {r.question && <div className="muted small">{r.question}</div>}
                    {r.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="rp-actions">
        <button type="button" className="ghost" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Newer
        </button>
        <button type="button" className="ghost" disabled={(page + 1) * PAGE >= total} onClick={() => setPage(page + 1)}>
          Older
        </button>
        <button type="button" onClick={() => void makeSegment()} disabled={total === 0}>
          Make a segment of these people
        </button>
      </div>
      {saved && (
        <p className={saved.error ? 'inline-error small' : 'muted small'} role="status" data-testid="replies-segment">
          {saved.text ?? saved.error}
        </p>
      )}
    </section>
  );
}
