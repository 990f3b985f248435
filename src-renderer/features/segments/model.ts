import type { ChangeArea } from '../../../src-main/contract/events';
import type { SegmentCondition, SegmentRule } from '../../../src-main/contract/segments';
import { fileSlug } from '../../lib/fileName';

/**
 * The editor's shape of a rule: a tree of groups (all of / any of / none of) and conditions, each
 * with a stable id for React keys and focus. `none` is written as NOT ANY (NOT of its only child).
 */
export type GroupOp = 'all' | 'any' | 'none';
export interface GroupNode {
  kind: 'group';
  id: string;
  op: GroupOp;
  children: RuleNode[];
}
export interface CondNode {
  kind: 'cond';
  id: string;
  cond: SegmentCondition;
}
export type RuleNode = GroupNode | CondNode;

let seq = 0;
export const nextId = (): string => `n${++seq}`;

export const group = (op: GroupOp = 'all', children: RuleNode[] = []): GroupNode => ({ kind: 'group', id: nextId(), op, children });
export const condNode = (cond: SegmentCondition): CondNode => ({ kind: 'cond', id: nextId(), cond });

/** Why a condition cannot be counted yet (it is then left out of the rule), or null when it is complete. */
export function condProblem(c: SegmentCondition): string | null {
  switch (c.type) {
    case 'answer':
    case 'response':
    case 'store':
      return c.values.length ? null : 'Pick at least one value.';
    case 'number':
      if (c.min === null && c.max === null) return 'Give a minimum, a maximum or both.';
      if ([c.min, c.max].some((v) => v !== null && !Number.isFinite(v))) return 'Numbers only.';
      return c.min !== null && c.max !== null && c.min > c.max ? 'The minimum is above the maximum.' : null;
    case 'entered':
      if (!c.from && !c.to) return 'Give a start date, an end date or both.';
      return c.from && c.to && c.from > c.to ? 'The start date is after the end date.' : null;
    case 'not_redeemed_within':
      return Number.isInteger(c.days) && c.days >= 1 && c.days <= 365 ? null : 'Days from 1 to 365.';
    case 'near':
      if (!(c.miles > 0 && c.miles <= 500)) return 'Miles: more than 0, at most 500 (0 miles would find nobody).';
      if (!c.store && c.zip === undefined && !c.anyStore) return 'Pick a store or type a 5-digit zip.';
      return c.zip !== undefined && !/^\d{5}$/.test(c.zip) ? 'A zip has 5 digits.' : null;
    case 'segment':
      return c.segmentId ? null : 'Pick a saved segment.';
    default:
      return null;
  }
}

function nodeRule(n: RuleNode): SegmentRule | null {
  if (n.kind === 'cond') return condProblem(n.cond) ? null : n.cond;
  const kids = n.children.map(nodeRule).filter((r): r is SegmentRule => r !== null);
  if (!kids.length) return null;
  if (n.op === 'all') return { all: kids };
  if (n.op === 'any') return { any: kids };
  return { not: kids.length === 1 ? kids[0]! : { any: kids } };
}

/** The rule the core reads. Empty groups and incomplete conditions are left out; nothing at all is everyone. */
export function toRule(root: GroupNode): SegmentRule {
  return nodeRule(root) ?? { all: [] };
}

function toNode(r: SegmentRule): RuleNode {
  if ('all' in r) return group('all', r.all.map(toNode));
  if ('any' in r) return group('any', r.any.map(toNode));
  if ('not' in r) return group('none', 'any' in r.not ? r.not.any.map(toNode) : [toNode(r.not)]);
  return condNode(r);
}

/** Any rule as an editor tree, whose root is always a group. */
export function fromRule(r: SegmentRule): GroupNode {
  const n = toNode(r);
  return n.kind === 'group' ? n : group('all', [n]);
}

/** Conditions left out of the rule because they are not complete. */
export function incomplete(n: RuleNode): number {
  return n.kind === 'cond' ? (condProblem(n.cond) ? 1 : 0) : n.children.reduce((a, c) => a + incomplete(c), 0);
}

// Tree edits: each returns a new root; unchanged branches keep their identity.
function mapChildren(g: GroupNode, f: (children: RuleNode[]) => RuleNode[]): GroupNode {
  const children = f(g.children).map((c) => (c.kind === 'group' ? mapChildren(c, f) : c));
  return { ...g, children };
}

export function replaceNode(root: GroupNode, id: string, next: RuleNode): GroupNode {
  if (root.id === id) return next as GroupNode;
  return mapChildren(root, (cs) => cs.map((c) => (c.id === id ? next : c)));
}

export function removeNode(root: GroupNode, id: string): GroupNode {
  return mapChildren(root, (cs) => cs.filter((c) => c.id !== id));
}

export function addChild(root: GroupNode, groupId: string, child: RuleNode): GroupNode {
  if (root.id === groupId) return { ...root, children: [...root.children, child] };
  return mapChildren(root, (cs) =>
    cs.map((c) => (c.kind === 'group' && c.id === groupId ? { ...c, children: [...c.children, child] } : c)),
  );
}

export function moveNode(root: GroupNode, id: string, delta: -1 | 1): GroupNode {
  return mapChildren(root, (cs) => {
    const i = cs.findIndex((c) => c.id === id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= cs.length) return cs;
    const next = [...cs];
    [next[i], next[j]] = [next[j]!, next[i]!];
    return next;
  });
}

export const OP_LABELS: Record<GroupOp, string> = { all: 'All of', any: 'Any of', none: 'None of' };

export const RESPONSE_FIELDS = ['channel', 'keyword', 'media_buy', 'media_type'] as const;
export const ANSWER_FIELDS = ['zip', 'zip3', 'state', 'market', 'product_affinity', 'purchase_timeframe'] as const;
export const NUMBER_FIELDS = ['entries', 'redemptions', 'redemption_amount', 'age'] as const;

/** A field name as people read it: `media_buy` is "media buy", `attr:Shoe size` is "Shoe size". */
export const fieldLabel = (f: string): string => (f.startsWith('attr:') ? f.slice(5) : f.replace(/_/g, ' '));

export const CONDITION_TYPES: { type: SegmentCondition['type']; label: string; make: () => SegmentCondition }[] = [
  {
    type: 'response',
    label: 'Entered through (channel, keyword, media buy, media type)',
    make: () => ({ type: 'response', field: 'channel', values: [] }),
  },
  {
    type: 'answer',
    label: 'Answered or lives in (zip, state, market, affinity, timeframe)',
    make: () => ({ type: 'answer', field: 'product_affinity', values: [] }),
  },
  {
    type: 'number',
    label: 'Number of entries, redemptions, amount, age',
    make: () => ({ type: 'number', field: 'entries', min: 2, max: null }),
  },
  { type: 'entered', label: 'First or last entry between dates', make: () => ({ type: 'entered', first: false, from: null, to: null }) },
  { type: 'redeemed', label: 'Redeemed a coupon (or never did)', make: () => ({ type: 'redeemed', value: true }) },
  { type: 'not_redeemed_within', label: 'Not redeemed within N days of entering', make: () => ({ type: 'not_redeemed_within', days: 14 }) },
  { type: 'store', label: 'Redeemed at a store', make: () => ({ type: 'store', values: [] }) },
  { type: 'near', label: 'Lives within N miles of a store or zip', make: () => ({ type: 'near', miles: 10 }) },
  { type: 'reachable', label: 'May be messaged (consent) by email or SMS', make: () => ({ type: 'reachable', channel: 'email' }) },
  { type: 'segment', label: 'Is in a saved segment', make: () => ({ type: 'segment', segmentId: '' }) },
  { type: 'replied', label: 'Wrote back (a reply, feedback, help request)', make: () => ({ type: 'replied', types: ['feedback'] }) },
];

export const EXPORT_COLUMNS = [
  'entrant_id',
  'zip',
  'state',
  'age',
  'entries',
  'first_entry',
  'last_entry',
  'redemptions',
  'redemption_amount',
  'reachable_email',
  'reachable_sms',
] as const;
export const PII_COLUMNS = ['first_name', 'last_name', 'email', 'phone'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number] | (typeof PII_COLUMNS)[number];
/** Export columns in a fixed order (the order of the checkboxes), whatever order they were ticked in. */
export const orderedColumns = (chosen: readonly string[]): ExportColumn[] =>
  [...EXPORT_COLUMNS.slice(0, 1), ...PII_COLUMNS, ...EXPORT_COLUMNS.slice(1)].filter((c) => chosen.includes(c));

/** A file name from a segment's name: letters, digits and dashes. */
export const fileBase = (name: string): string => fileSlug(name, 'segment', 60);

/** What a rule's answers read: the data, and the saved segments too when it names one (a new version changes it). */
export function ruleAreas(rule: SegmentRule): ChangeArea[] {
  return JSON.stringify(rule).includes('"segmentId"') ? ['data', 'segments'] : ['data'];
}
