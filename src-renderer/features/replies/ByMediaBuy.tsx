import type { RepliesSummary } from '../../../src-main/contract/replies';
import { fmtCount } from '../../format';
import { mediaBuyLabel, type ReplyFilters } from './filters';

const pct = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toFixed(1)}%` : '—');

/** Counts and themes per media buy; a theme or a row narrows the list of replies below. */
export function ByMediaBuy({ summary, onPick }: { summary: RepliesSummary; onPick: (f: Partial<ReplyFilters>) => void }) {
  return (
    <section className="card" aria-labelledby="rp-buys-h">
      <h2 id="rp-buys-h">By media buy</h2>
      <p className="muted small">
        Each reply counts for the media buy it names, else its keyword&apos;s, else the one the person last entered through before writing.
        People who replied are shown against the media buy&apos;s unique entrants.
      </p>
      <div className="rp-scroll">
        <table className="table" data-testid="replies-by-buy">
          <thead>
            <tr>
              <th scope="col">Media buy</th>
              <th scope="col" className="num">
                Replies
              </th>
              <th scope="col" className="num">
                Feedback
              </th>
              <th scope="col" className="num">
                Help
              </th>
              <th scope="col" className="num">
                Opt-outs
              </th>
              <th scope="col" className="num">
                People replying
              </th>
              <th scope="col">Themes</th>
            </tr>
          </thead>
          <tbody>
            {summary.byMediaBuy.map((b) => (
              <tr key={b.mediaBuyId ?? ''} data-buy={b.mediaBuyId ?? ''}>
                <td>
                  <button type="button" className="link rp-buy" onClick={() => onPick({ mediaBuy: b.mediaBuyId ?? '', theme: null })}>
                    {mediaBuyLabel(b.mediaBuyId, b.name)}
                  </button>
                </td>
                <td className="num">{fmtCount(b.replies)}</td>
                <td className="num">{fmtCount(b.feedback)}</td>
                <td className="num">{fmtCount(b.help)}</td>
                <td className="num">{fmtCount(b.optOuts)}</td>
                <td className="num">
                  {fmtCount(b.people)}
                  {b.mediaBuyId !== null && (
                    <span className="muted small">
                      {' '}
                      of {fmtCount(b.entrants)} · {pct(b.people, b.entrants)}
                    </span>
                  )}
                </td>
                <td>
                  <Themes themes={b.themes} onPick={(theme) => onPick({ mediaBuy: b.mediaBuyId ?? '', theme, types: ['feedback'] })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Theme words as chips with how many feedback replies use each; a click lists those replies. */
export function Themes({ themes, onPick }: { themes: { term: string; replies: number }[]; onPick: (term: string) => void }) {
  if (!themes.length) return <span className="muted small">too few replies for a theme</span>;
  return (
    <span className="rp-themes">
      {themes.map((t) => (
        <button
          key={t.term}
          type="button"
          className="rp-chip"
          onClick={() => onPick(t.term)}
          title={`${t.replies} feedback replies use “${t.term}”`}
        >
          {t.term} <span className="muted">{fmtCount(t.replies)}</span>
        </button>
      ))}
    </span>
  );
}
