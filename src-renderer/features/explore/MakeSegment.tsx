import { useState } from 'react';
import type { PivotFilter } from '../../../src-main/contract/pivot';
import { api } from '../../api/client';
import { mutate } from '../../lib/query';
import { fmtCount } from '../../format';

/**
 * Saves the people behind a pivot cell as a segment: everyone with at least one entry matching the
 * cell's filters (the same entries the grid shows). Says how many people it holds once saved.
 */
export function MakeSegment({ title, filters }: { title: string; filters: PivotFilter[] }) {
  const [state, setState] = useState<{ busy: boolean; done?: string; error?: string }>({ busy: false });
  const save = async () => {
    setState({ busy: true });
    try {
      const rule = { type: 'entries' as const, filters };
      const [saved, count] = await Promise.all([
        mutate('segments.save', { name: `Explore: ${title}`.slice(0, 120), rule }),
        api.call('segments.count', { rule }),
      ]);
      setState({
        busy: false,
        done: `Saved “${saved.name}”: ${fmtCount(count.people)} ${count.people === 1 ? 'person' : 'people'} (${fmtCount(count.reachable.email)} reachable by email, ${fmtCount(count.reachable.sms)} by SMS).`,
      });
    } catch (e) {
      setState({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <>
      <button type="button" className="ghost" onClick={() => void save()} disabled={state.busy || !!state.done}>
        {state.busy ? 'Saving…' : 'Make a segment of these people'}
      </button>
      {(state.done || state.error) && (
        <p className={state.error ? 'inline-error small' : 'muted small'} role="status" data-testid="drill-segment">
          {state.done ?? state.error}
        </p>
      )}
    </>
  );
}
