import { useState } from 'react';
import { KpiGrid } from '../../components/KpiGrid';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import { goTo } from '../../lib/route';
import { ByMediaBuy, Themes } from './ByMediaBuy';
import { NO_FILTERS, type ReplyFilters } from './filters';
import { ReplyList } from './ReplyList';
import './replies.css';

/**
 * Replies: what people wrote back (inbound texts that are not entries, survey answers). Counts and themes
 * by media buy, every reply searchable with who wrote it, and the people behind a search as a segment.
 */
export function RepliesPage() {
  const q = useQuery('replies.summary', {});
  const [filters, setFilters] = useState<ReplyFilters>(NO_FILTERS);
  const pick = (f: Partial<ReplyFilters>) => setFilters((old) => ({ ...old, ...f }));
  const s = q.data;
  const t = s?.totals;
  return (
    <div className="page replies-page">
      <header className="page-header">
        <div>
          <h1>Replies</h1>
          <p className="muted">
            What people wrote back: texts that are not a keyword of the media plan, and survey answers. A STOP-family word is an opt-out
            (consent follows at once), HELP a help request, anything else feedback.
          </p>
        </div>
      </header>
      {q.error && (
        <p className="inline-error" role="alert">
          Could not load the replies: {q.error.message}
        </p>
      )}
      {!s && !q.error && <p className="loading">Loading…</p>}
      {t && t.replies === 0 && (
        <div className="empty-state" data-testid="replies-empty">
          <h2>No replies yet</h2>
          <p className="muted">
            Import an SMS log (a Twilio message log&apos;s texts that are not keywords become replies), a survey export, or any CSV with a
            text, a date and an email or phone (import it as “Replies and feedback”).
          </p>
          <div className="empty-actions">
            <button type="button" onClick={() => goTo('data')}>
              Import a file
            </button>
          </div>
        </div>
      )}
      {s && t && t.replies > 0 && (
        <>
          <KpiGrid
            testId="replies-kpi"
            items={[
              { id: 'replies', label: 'Replies', value: fmtCount(t.replies) },
              { id: 'feedback', label: 'Feedback', value: fmtCount(t.feedback) },
              { id: 'help', label: 'Help requests', value: fmtCount(t.help) },
              { id: 'optouts', label: 'Opt-outs (STOP)', value: fmtCount(t.optOuts) },
              { id: 'people', label: 'People who replied', value: fmtCount(t.people) },
              { id: 'unknown', label: 'From addresses with no entry', value: fmtCount(t.unknownPeople) },
            ]}
          />
          <p className="muted small" data-testid="replies-span">
            {t.first} to {t.last}. Tied to a media buy by the reply&apos;s own media buy {fmtCount(t.tiedBy.mediaBuyId)}, its keyword{' '}
            {fmtCount(t.tiedBy.keyword)}, the person&apos;s latest entry {fmtCount(t.tiedBy.latestEntry)}; unattributed{' '}
            {fmtCount(t.tiedBy.none)}.
          </p>
          <section className="card" aria-labelledby="rp-themes-h">
            <h2 id="rp-themes-h">Themes in the feedback</h2>
            <p className="muted small">
              Words that two feedback replies or more use (a plural counts with its singular). Pick one to read them.
            </p>
            <Themes themes={s.themes} onPick={(theme) => pick({ theme, types: ['feedback'], mediaBuy: null })} />
          </section>
          <ByMediaBuy summary={s} onPick={pick} />
          <ReplyList summary={s} filters={filters} onChange={pick} />
        </>
      )}
    </div>
  );
}
