import { useEffect, useState } from 'react';
import type { EventMap } from '../../src-main/contract/events';
import { api } from '../api/client';

/**
 * A thin progress bar for long work the core reports (demo generation, imports, pushes). `hide` leaves
 * out tasks the current screen already shows in full (the Data page shows its own imports).
 */
export function TaskProgress({ hide }: { hide?: (taskId: string) => boolean }) {
  const [task, setTask] = useState<EventMap['task.progress'] | null>(null);
  useEffect(() => {
    const offProgress = api.on('task.progress', (p) => setTask(p));
    const offDone = api.on('task.finished', (f) => setTask((t) => (t && t.taskId !== f.taskId ? t : null)));
    return () => {
      offProgress();
      offDone();
    };
  }, []);
  if (!task || hide?.(task.taskId)) return null;
  const pct = Math.round((100 * task.done) / Math.max(1, task.total));
  return (
    <div className="task" role="status">
      <span>{task.label}</span>
      <progress max={100} value={pct} aria-label={task.label} />
      <span className="muted">{pct}%</span>
    </div>
  );
}
