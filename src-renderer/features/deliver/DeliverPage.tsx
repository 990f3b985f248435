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

  const load = useCallback(() => {
    void api.call('connectors.list').then(setConnectors, () => undefined);
    void api.call('segments.list').then(setSegments, () => undefined);
    void api.call('messages.list').then(setTemplates, () => undefined);
    void api.call('push.list').then(setPushes, () => undefined);
    void api.call('schedules.list').then(setSchedules, () => undefined);
  }, []);
  useEffect(load, [load, version]);
  useEffect(() => {
    const off1 = api.on('task.progress', (p) => {
      if (!p.taskId.startsWith('push-')) return;
      setProgress((m) => ({ ...m, [p.taskId.slice(5)]: { done: p.done, total: p.total } }));
      void api.call('push.list').then(setPushes, () => undefined);
    });
    const off2 = api.on('task.finished', (p) => p.taskId.startsWith('push-') && void api.call('push.list').then(setPushes, () => undefined));
    return () => {
      off1();
      off2();
    };
  }, []);

  return (
    <div className="page deliver-page">
      <header className="page-header">
        <div>
          <h1>Deliver</h1>
          <p className="muted">Push a saved segment to your sending service. Only people who may be messaged on the channel are sent, each once; an opt-out always wins, even one that arrives mid-push.</p>
        </div>
      </header>
      <NewPush segments={segments} connectors={connectors} templates={templates} onStarted={load} />
      <History pushes={pushes} progress={progress} onChanged={load} />
      <div className="grid-2 dl-bottom">
        <Connectors connectors={connectors} onChanged={load} />
        <Schedules schedules={schedules} segments={segments} connectors={connectors} onChanged={load} />
      </div>
    </div>
  );
}
