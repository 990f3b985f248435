import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { invalidate, useQuery, type QueryResult } from '../../lib/query';
import { Connectors } from './Connectors';
import { History, type PushProgress } from './History';
import { NewPush } from './NewPush';
import { Results } from './Results';
import { FrequencyCap } from './FrequencyCap';
import { MessageCosts } from './MessageCosts';
import { BestTime } from './BestTime';
import { Schedules } from './Schedules';
import { AudienceSync } from './AudienceSync';
import './deliver.css';

/** Everything the screen shows changes with the deliver area: a write here or a finished push refreshes it. */
const refresh = () => invalidate(['deliver']);

/** Deliver: push a saved segment to a sending service, exactly once per person, honouring every opt-out. */
export function DeliverPage({ theme }: { theme: 'light' | 'dark' }) {
  const connectors = useQuery('connectors.list', {});
  const segments = useQuery('segments.list', {});
  const templates = useQuery('messages.list', {});
  const pushes = useQuery('push.list', {});
  const schedules = useQuery('schedules.list', {});
  // Live progress per push id: a progress event updates its row's bar; only a finished push asks for the list again.
  const [progress, setProgress] = useState<PushProgress>({});
  /** What failed in the background (schedules, resumed pushes): shown, not dropped. */
  const [notes, setNotes] = useState<Record<string, string>>({});
  // A list that could not be loaded stays under its own name until dismissed or loaded.
  const [dismissed, setDismissed] = useState<Error[]>([]);
  const note = useCallback(
    (key: string, message: string | null) =>
      setNotes((m) => {
        if (message === null) {
          if (!(key in m)) return m;
          const { [key]: _gone, ...rest } = m;
          return rest;
        }
        return { ...m, [key]: message };
      }),
    [],
  );
  const lists: [string, QueryResult<unknown>][] = [
    ['the sending services', connectors],
    ['the segments', segments],
    ['the message templates', templates],
    ['the push history', pushes],
    ['the schedules', schedules],
  ];
  const problems: Record<string, string> = { ...notes };
  for (const [what, q] of lists) if (q.error && !dismissed.includes(q.error)) problems[what] = `Could not load ${what}: ${q.error.message}`;
  const dismiss = (key: string) => {
    const q = lists.find(([what]) => what === key)?.[1];
    if (q?.error) setDismissed((d) => [...d, q.error!]);
    note(key, null);
  };

  useEffect(() => {
    const off1 = api.on('task.progress', (p) => {
      if (!p.taskId.startsWith('push-')) return;
      setProgress((m) => ({ ...m, [p.taskId.slice(5)]: { done: p.done, total: p.total } }));
    });
    const off2 = api.on('task.finished', (p) => {
      // A finished push refreshes the lists through the query layer (its kind says what changed).
      if (p.taskId.startsWith('push-')) setProgress(({ [p.taskId.slice(5)]: _done, ...rest }) => rest);
      if (p.taskId.startsWith('schedule') || p.taskId.startsWith('background-')) {
        // A scheduled push that did not start, or background work that failed: say so here.
        if (!p.ok) note(p.taskId, p.message ?? 'Background work failed.');
        refresh();
      }
    });
    return () => {
      off1();
      off2();
    };
  }, [note]);

  return (
    <div className="page deliver-page">
      <header className="page-header">
        <div>
          <h1>Deliver</h1>
          <p className="muted">
            Push a saved segment to your sending service. Only people who may be messaged on the channel are sent, each once; an opt-out
            always wins, even one that arrives mid-push.
          </p>
        </div>
      </header>
      {Object.keys(problems).length > 0 && (
        <div className="card dl-problems" role="alert" data-testid="deliver-problems">
          {Object.entries(problems).map(([key, message]) => (
            <p key={key} className="inline-error">
              {message}{' '}
              <button className="ghost small" aria-label="Dismiss" onClick={() => dismiss(key)}>
                ×
              </button>
            </p>
          ))}
        </div>
      )}
      <NewPush segments={segments.data ?? []} connectors={connectors.data ?? []} templates={templates.data ?? []} onStarted={refresh} />
      <History pushes={pushes.data ?? []} progress={progress} onChanged={refresh} />
      <AudienceSync segments={segments.data ?? []} connectors={connectors.data ?? []} onChanged={refresh} />
      <Results />
      <BestTime segments={segments.data ?? []} theme={theme} />
      <div className="grid-2 dl-bottom">
        <Connectors connectors={connectors.data ?? []} onChanged={refresh} />
        <Schedules schedules={schedules.data ?? []} segments={segments.data ?? []} connectors={connectors.data ?? []} onChanged={refresh} />
        <FrequencyCap />
        <MessageCosts />
      </div>
    </div>
  );
}
