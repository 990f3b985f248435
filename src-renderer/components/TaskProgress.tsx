import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** A thin progress bar for long work the core reports (demo generation now; import and push later). */
export function TaskProgress() {
  const [task, setTask] = useState<{ label: string; done: number; total: number } | null>(null);
  useEffect(() => {
    const offProgress = api.on('task.progress', (p) => setTask(p));
    const offDone = api.on('task.finished', () => setTask(null));
    return () => {
      offProgress();
      offDone();
    };
  }, []);
  if (!task) return null;
  const pct = Math.round((100 * task.done) / Math.max(1, task.total));
  return (
    <div className="task" role="status">
      <span>{task.label}</span>
      <progress max={100} value={pct} aria-label={task.label} />
      <span className="muted">{pct}%</span>
    </div>
  );
}
