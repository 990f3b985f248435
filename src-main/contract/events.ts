import type { WorkspaceInfo } from './types';

/** What kind of long work a task is: the renderer's query layer refreshes what each kind can change. */
export type JobKind = 'import' | 'push' | 'export' | 'pdf' | 'demo' | 'watch';

/**
 * The parts of a workspace a change touched. A screen's queries name the areas they read; an event
 * that names areas refreshes only those. No list means everything (a workspace opened or closed).
 */
export type ChangeArea =
  'data' | 'segments' | 'views' | 'dashboards' | 'deliver' | 'draw' | 'messages' | 'objectives' | 'watch' | 'settings' | 'exports';

/** A finished job's file: where the desktop wrote it, or the one-time URL browser mode downloads it from. */
export interface JobOutput {
  fileName: string;
  bytes: number;
  rows?: number;
  /** A PDF's page count. */
  pages?: number;
  /** Desktop: the path chosen in the save dialog. */
  path?: string;
  /** Browser mode: a one-time download URL on the web host (relative to its origin). */
  downloadUrl?: string;
}

/** Events the core pushes to every connected renderer. */
export interface EventMap {
  /** Long work (demo generation, import, push, export, PDF) reports progress 0..1 with a label. */
  'task.progress': {
    taskId: string;
    label: string;
    done: number;
    total: number;
    rows?: number;
    rowsPerSecond?: number;
    cancellable?: boolean;
    kind?: JobKind;
  };
  'task.finished': { taskId: string; ok: boolean; message?: string; kind?: JobKind; output?: JobOutput; cancelled?: boolean };
  /** The open workspace changed (opened, new data): screens refresh what `changed` names (all when absent). */
  'workspace.changed': {
    workspace: WorkspaceInfo | null;
    changed?: ChangeArea[];
    /** On a shared lake: the other users whose commits this is ("updated by another user"). */
    by?: string[];
  };
}

export type EventName = keyof EventMap;
export const EVENT_NAMES: EventName[] = ['task.progress', 'task.finished', 'workspace.changed'];
