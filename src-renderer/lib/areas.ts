import type { ChangeArea, EventMap, JobKind } from '../../src-main/contract/events';
import type { MethodName } from '../../src-main/contract/methods';

/** Every area a workspace change can name (an event without a list touches all of them). */
export const ALL_AREAS: readonly ChangeArea[] = [
  'data',
  'segments',
  'views',
  'dashboards',
  'deliver',
  'draw',
  'messages',
  'objectives',
  'watch',
  'settings',
  'exports',
];

/**
 * What each method domain reads: the one mapping from a query to the parts of the workspace whose
 * change makes its answer stale. Most domains read their own area; some also read the imported data
 * (a segment's count, a push's preview, an objective's progress) or other areas (a push preview reads
 * the segment it sends to).
 */
const DOMAIN_AREAS: Record<string, readonly ChangeArea[]> = {
  app: ['settings'],
  workspace: ['settings'],
  overview: ['data'],
  data: ['data'],
  import: ['data'],
  upload: [],
  roi: ['data'],
  // Push group and message response are read from the pushes as the pivot runs.
  pivot: ['data', 'deliver'],
  geo: ['data'],
  views: ['views'],
  // A rule may name other segments, and its members come from the data.
  segments: ['segments', 'data'],
  connectors: ['deliver'],
  push: ['deliver', 'segments', 'data'],
  // Events and later entries come from imports; the pushes from Deliver.
  outcomes: ['deliver', 'data'],
  // Replies are imported data.
  replies: ['data'],
  // Validity reads the data and the rules (saved under settings).
  // Confirmed fraud (reviewed on the draw screen) makes entries invalid.
  rules: ['data', 'settings', 'draw'],
  // Flags come from the data; reviews are kept with the draw.
  fraud: ['data', 'draw'],
  schedules: ['deliver', 'segments'],
  sync: ['deliver', 'segments', 'data'],
  // The pool follows the official rules (saved under settings).
  draw: ['draw', 'segments', 'data', 'settings'],
  messages: ['messages', 'data'],
  watch: ['watch'],
  objectives: ['objectives', 'data'],
  dashboards: ['dashboards', 'views'],
  exports: ['exports'],
};

/** Methods whose answer depends on less than their domain's areas. */
const METHOD_AREAS: Partial<Record<MethodName, readonly ChangeArea[]>> = {
  'segments.list': ['segments'],
  'segments.templates': ['segments'],
  'views.list': ['views'],
  'messages.list': ['messages'],
  'connectors.list': ['deliver'],
  'push.list': ['deliver'],
  'schedules.list': ['deliver', 'segments'],
  'push.cap': ['deliver'],
  'push.costs': ['deliver'],
  'outcomes.bestTime': ['data', 'segments'],
  // How many the frequency cap holds back changes with every push sent.
  'segments.count': ['segments', 'data', 'deliver'],
  // Past draws are a record: new data does not change them.
  'draw.list': ['draw'],
};

/** The areas a method reads (for a query) or writes (for a mutation). */
export function areasOf(method: MethodName | string): readonly ChangeArea[] {
  const own = METHOD_AREAS[method as MethodName];
  if (own) return own;
  return DOMAIN_AREAS[method.split('.')[0]!] ?? ALL_AREAS;
}

/** What a mutation changes: only its domain's own area (saving a segment changes segments, not the data). */
export function writesOf(method: MethodName | string): readonly ChangeArea[] {
  const domain = method.split('.')[0]!;
  const own: Record<string, ChangeArea> = {
    views: 'views',
    segments: 'segments',
    connectors: 'deliver',
    push: 'deliver',
    schedules: 'deliver',
    sync: 'deliver',
    draw: 'draw',
    messages: 'messages',
    watch: 'watch',
    objectives: 'objectives',
    dashboards: 'dashboards',
    workspace: 'settings',
    // The official rules live with the workspace's settings.
    rules: 'settings',
    fraud: 'draw',
    import: 'data',
  };
  return own[domain] ? [own[domain]] : [];
}

/** What a finished job can have changed. */
export const JOB_AREAS: Record<JobKind, readonly ChangeArea[]> = {
  import: ['data'],
  demo: ['data'],
  watch: ['data', 'watch'],
  push: ['deliver'],
  // A finished export may have a line in the export log.
  export: ['exports'],
  pdf: [],
};

/** A finished task's kind: as the core says, else from its id's prefix (older cores send none). */
export function jobKindOf(p: EventMap['task.finished'] | EventMap['task.progress']): JobKind | null {
  if (p.kind) return p.kind;
  const prefix = /^([a-z]+)/.exec(p.taskId)?.[1];
  if (prefix === 'push') return 'push';
  if (prefix === 'import' || prefix === 'imp') return 'import';
  if (prefix === 'demo') return 'demo';
  if (prefix === 'watch') return 'watch';
  return null;
}
