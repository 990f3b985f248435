import { useState } from 'react';
import type { DrawRecord, DrawWinner } from '../../../src-main/contract/draw';
import { mutate } from '../../lib/query';

const who = (w: DrawWinner) => [w.firstName, w.lastName].filter(Boolean).join(' ') || '(no name)';
const LABEL: Record<string, string> = {
  notified: 'notified',
  release_returned: 'release returned',
  prize_sent: 'prize sent',
  forfeited: 'forfeited',
  promoted: 'promoted',
};
const NEXT: { step: 'notified' | 'release_returned' | 'prize_sent'; label: string }[] = [
  { step: 'notified', label: 'Notified' },
  { step: 'release_returned', label: 'Release returned' },
  { step: 'prize_sent', label: 'Prize sent' },
];

/** One winner or alternate, with the prize's fulfilment so far and the next steps to record. */
export function WinnerRow({ d, w, onError }: { d: DrawRecord; w: DrawWinner; onError: (m: string) => void }) {
  const [busy, setBusy] = useState(false);
  const done = new Set(w.steps.map((s) => s.step));
  const alternate = w.rank > d.count;
  const active = !done.has('forfeited') && (!alternate || done.has('promoted'));
  const today = new Date().toISOString().slice(0, 10);
  const late = w.releaseDue !== null && !done.has('release_returned') && w.releaseDue < today;
  const record = async (step: 'notified' | 'release_returned' | 'prize_sent' | 'forfeited') => {
    setBusy(true);
    try {
      await mutate('draw.fulfil', { drawId: d.drawId, entrantId: w.entrantId, step });
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-entrant={w.entrantId}>
      <td>{alternate ? `alt ${w.rank - d.count}` : w.rank}</td>
      <td>
        <code>{w.entrantId}</code>
      </td>
      <td>{who(w)}</td>
      <td>{w.email ?? w.phone ?? ''}</td>
      <td className="small" data-testid="fulfilment">
        {w.steps.map((s) => `${LABEL[s.step]} ${s.at.slice(0, 10)}${s.note ? ` (${s.note})` : ''}`).join(' · ') ||
          (alternate ? 'waiting' : 'not notified')}
        {w.releaseDue && !done.has('release_returned') && !done.has('forfeited') && (
          <span className={late ? 'compliance-overdue' : 'muted'}>
            {' '}
            · release due {w.releaseDue}
            {late ? ' (passed)' : ''}
          </span>
        )}
        {active && (
          <div className="winner-steps">
            {NEXT.filter((n) => !done.has(n.step)).map((n) => (
              <button key={n.step} type="button" className="ghost small" disabled={busy} onClick={() => void record(n.step)}>
                {n.label}
              </button>
            ))}
            {!done.has('prize_sent') && (
              <button type="button" className="ghost small" disabled={busy} onClick={() => void record('forfeited')}>
                Forfeit (use an alternate)
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
