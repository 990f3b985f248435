import { useCallback, useEffect, useState } from 'react';
import type { ConnectorInfo, PushInfo, ScheduleInfo } from '../../../src-main/contract/deliver';
import type { MessageOutputs } from '../../../src-main/contract/messages';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { api } from '../../api/client';
import { Connectors } from './Connectors';
import { History } from './History';
import { NewPush } from './NewPush';
import { Schedules } from './Schedules';
import './deliver.css';

/** Deliver: push a saved segment to a sending service, exactly once per person, honouring every opt-out. */
export function DeliverPage({ version }: { theme: 'light' | 'dark'; version: number }) {
  const [connectors, setConnectors] = useState<ConnectorInfo[]>([]);
  const [segments, setSegments] = useState<SegmentInfo[]>([]);
  const [templates, setTemplates] = useState<MessageOutputs['messages.list']>([]);
  const [pushes, setPushes] = useState<PushInfo[]>([]);
  const [schedules, setSchedules] = useState<ScheduleInfo[]>([]);
  const [progress, setProgress] = useState<Record<string, { done: number; total: number }>>({});
  /** What could not be loaded, and what failed in the background (schedules, resumed pushes): shown, not dropped. */
  const [problems, setProblems] = useState<Record<string, string>>({});
  const note = useCallback((key: string, message: string | null) => setProblems((m) => {
    if (message === null) {
      if (!(key in m)) return m;
      const { [key]: _gone, ...rest } = m;
      return rest;
    }
    return { ...m, [key]: message };
  }), []);
  /** A list call: its value, or its error shown under its own name until the next load succeeds. */
  const fetchInto = useCallback(<T,>(what: string, call: () => Promise<T>, set: (v: T) => void) => {
    void call().then(
      (v) => {
        set(v);
        note(what, null);
      },
      (e: Error) => note(what, `Could not load ${what}: ${e.message}`),
    );
  }, [note]);

  const loadPushes = useCallback(() => fetchInto('the push history', () => api.call('push.list'), setPushes), [fetchInto]);
  const load = useCallback(() => {
    fetchInto('the sending services', () => api.call('connectors.list'), setConnectors);
    fetchInto('the segments', () => api.call('segments.list'), setSegments);
    fetchInto('the message templates', () => api.call('messages.list'), setTemplates);
    loadPushes();
    fetchInto('the schedules', () => api.call('schedules.list'), setSchedules);
  }, [fetchInto, loadPushes]);
  useEffect(load, [load, version]);
  useEffect(() => {
    const off1 = api.on('task.progress', (p) => {
      if (!p.taskId.startsWith('push-')) return;
      setProgress((m) => ({ ...m, [p.taskId.slice(5)]: { done: p.done, total: p.total } }));
      loadPushes();
    });
    const off2 = api.on('task.finished', (p) => {
      if (p.taskId.startsWith('push-')) loadPushes();
      if (p.taskId.startsWith('schedule') || p.taskId.startsWith('background-')) {
        // A scheduled push that did not start, or background work that failed: say so here.
        if (!p.ok) note(p.taskId, p.message ?? 'Background work failed.');
        fetchInto('the schedules', () => api.call('schedules.list'), setSchedules);
        loadPushes();
      }
    });
    return () => {
      off1();
      off2();
    };
  }, [fetchInto, loadPushes, note]);

  return (
    <div className="page deliver-page">
      <header className="page-header">
        <div>
          <h1>Deliver</h1>
          <p className="muted">Push a saved segment to your sending service. Only people who may be messaged on the channel are sent, each once; an opt-out always wins, even one that arrives mid-push.</p>
        </div>
      </header>
      {Object.keys(problems).length > 0 && (
        <div className="card dl-problems" role="alert" data-testid="deliver-problems">
          {Object.entries(problems).map(([key, message]) => (
            <p key={key} className="inline-error">
              {message}{' '}
              <button className="ghost small" aria-label="Dismiss" onClick={() => note(key, null)}>
                ×
              </button>
            </p>
          ))}
        </div>
      )}
      <NewPush segments={segments} connectors={connectors} templates={templates} onStarted={load} />
      <History pushes={pushes} progress={progress} onChanged={load} />
      <div className="grid-2 dl-bottom">
        <Connectors connectors={connectors} onChanged={load} />
        <Schedules schedules={schedules} segments={segments} connectors={connectors} onChanged={load} />
      </div>
    </div>
  );
}
