import { useState } from 'react';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';

const MAX = 6;

/** How many people saved segments share: a matrix whose diagonal is each segment's size. */
export function Overlap({ saved }: { saved: SegmentInfo[] }) {
  const [ids, setIds] = useState<string[]>([]);
  const chosen = ids.filter((id) => saved.some((s) => s.segmentId === id));
  const overlap = useQuery('segments.overlap', chosen.length >= 2 ? { segmentIds: chosen } : null);
  const toggle = (id: string) => setIds((xs) => (xs.includes(id) ? xs.filter((x) => x !== id) : xs.length >= MAX ? xs : [...xs, id]));
  const data = overlap.data;
  const size = (id: string) => data?.segments.find((s) => s.segmentId === id)?.people ?? 0;
  const pair = (a: string, b: string) => data?.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.people;
  return (
    <section className="card sg-card" aria-labelledby="sg-overlap-h">
      <div className="sg-card-head">
        <h2 id="sg-overlap-h">Overlap of saved segments</h2>
        <span className="muted small">pick 2 to {MAX}</span>
      </div>
      {saved.length < 2 ? (
        <p className="muted small">Save at least two segments to compare them.</p>
      ) : (
        <fieldset className="sg-checks">
          <legend className="visually-hidden">Segments to compare</legend>
          {saved.map((s) => (
            <label key={s.segmentId} className="small">
              <input
                type="checkbox"
                checked={chosen.includes(s.segmentId)}
                disabled={!chosen.includes(s.segmentId) && chosen.length >= MAX}
                onChange={() => toggle(s.segmentId)}
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
      )}
      {overlap.error && <p className="inline-error small">{overlap.error.message}</p>}
      {data && chosen.length >= 2 && (
        <div className="sg-scroll">
          <table className="table sg-table sg-matrix" data-testid="segment-overlap" aria-busy={overlap.loading}>
            <caption className="muted small">
              People in both the row’s and the column’s segment; the diagonal is each segment’s size.
            </caption>
            <thead>
              <tr>
                <td />
                {data.segments.map((s) => (
                  <th key={s.segmentId} scope="col" className="num">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.segments.map((r) => (
                <tr key={r.segmentId}>
                  <th scope="row">{r.name}</th>
                  {data.segments.map((c) => {
                    const n = r.segmentId === c.segmentId ? r.people : pair(r.segmentId, c.segmentId);
                    const of = size(r.segmentId);
                    return (
                      <td
                        key={c.segmentId}
                        className={`num ${r.segmentId === c.segmentId ? 'sg-diag' : ''}`}
                        data-a={r.segmentId}
                        data-b={c.segmentId}
                      >
                        {fmtCount(n)}
                        {r.segmentId !== c.segmentId && n !== undefined && of > 0 && (
                          <span className="muted small"> ({Math.round((100 * n) / of)}%)</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
