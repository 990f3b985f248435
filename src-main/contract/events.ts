import type { WorkspaceInfo } from './types';

/** Events the core pushes to every connected renderer. */
export interface EventMap {
  /** Long work (demo generation, import, push) reports progress 0..1 with a label. */
  'task.progress': { taskId: string; label: string; done: number; total: number; rows?: number; rowsPerSecond?: number; cancellable?: boolean };
  'task.finished': { taskId: string; ok: boolean; message?: string };
  /** The open workspace changed (opened, new data): screens refresh. */
  'workspace.changed': { workspace: WorkspaceInfo | null };
}

export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = ['task.progress', 'task.finished', 'workspace.changed'];
