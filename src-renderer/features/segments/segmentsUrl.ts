import { useCallback, useEffect, useRef } from 'react';
import { segmentCondition, type SegmentCondition } from '../../../src-main/contract/segments';
import { setParams, useParam } from '../../lib/route';
import { condNode, group, type GroupNode, type GroupOp, type RuleNode } from './model';
import type { Editing } from './SaveBar';

/**
 * The segment being edited, in the URL: which one (`e`: id, name, version, template), the rule as the
 * editor holds it (`r`: incomplete conditions too) and the rule as it was opened (`b`: what "unsaved"
 * compares with). Opening a segment is a step of the history; each edit corrects the URL in place, so a
 * reload, a link or coming back to Segments finds the draft as it was left.
 */
const PAGE = 'segments';

type Compact = { op: GroupOp; of: Compact[] } | { c: SegmentCondition };

function compact(n: RuleNode): Compact {
  return n.kind === 'group' ? { op: n.op, of: n.children.map(compact) } : { c: n.cond };
}

/**
 * A condition from a URL: one the core accepts, or one the editor holds while it is being filled in (only
 * "not yet given" problems: an empty list, no miles yet, no segment picked).
 */
function conditionOf(raw: unknown): SegmentCondition | null {
  const parsed = segmentCondition.safeParse(raw);
  if (parsed.success) return parsed.data;
  const unfinished = parsed.error.issues.every(
    (i) => i.code === 'too_small' || (i.path[0] === 'segmentId' && (raw as { segmentId?: unknown }).segmentId === ''),
  );
  return unfinished && typeof (raw as { type?: unknown }).type === 'string' ? (raw as SegmentCondition) : null;
}

function nodeOf(raw: unknown, depth: number): RuleNode | null {
  if (!raw || typeof raw !== 'object' || depth > 12) return null;
  const r = raw as Record<string, unknown>;
  if ('c' in r) {
    const c = conditionOf(r.c);
    return c ? condNode(c) : null;
  }
  if (!['all', 'any', 'none'].includes(r.op as string) || !Array.isArray(r.of) || r.of.length > 100) return null;
  const kids = r.of.map((k) => nodeOf(k, depth + 1));
  return kids.every((k) => k !== null) ? group(r.op as GroupOp, kids as RuleNode[]) : null;
}

export function encodeTree(t: GroupNode): string {
  return JSON.stringify(compact(t));
}

/** The editor's tree from the URL (fresh node ids), or null when it is not one. */
export function decodeTree(raw: string): GroupNode | null {
  try {
    const n = nodeOf(JSON.parse(raw), 0);
    return n && n.kind === 'group' ? n : null;
  } catch {
    return null;
  }
}

function decodeEditing(raw: string): Editing | null {
  try {
    const e = JSON.parse(raw) as Partial<Editing>;
    if (!e || typeof e.name !== 'string') return null;
    return {
      name: e.name.slice(0, 200),
      ...(typeof e.segmentId === 'string' ? { segmentId: e.segmentId } : {}),
      ...(Number.isInteger(e.version) ? { version: e.version } : {}),
      ...(typeof e.template === 'string' ? { template: e.template } : {}),
    };
  } catch {
    return null;
  }
}
const decodeText = (raw: string): string | null => raw;

export interface Draft {
  tree: GroupNode;
  editing: Editing;
  baseline: string;
}

/** The draft the URL holds now (null: none, or not readable). */
function useUrlDraft(): { draft: Draft | null; rawTree: string | null } {
  const [rawTree] = useParam(PAGE, 'r', decodeText);
  const [tree] = useParam(PAGE, 'r', decodeTree);
  const [editing] = useParam(PAGE, 'e', decodeEditing);
  const [baseline] = useParam(PAGE, 'b', decodeText);
  return { draft: tree && editing && baseline !== null ? { tree, editing, baseline } : null, rawTree };
}

/** The draft as the URL had it when Segments opened (null: start empty). */
export function useInitialDraft(): Draft | null {
  const { draft } = useUrlDraft();
  return useRef(draft).current;
}

/**
 * Keeps the draft and the URL equal: each change here is written to the URL (in place, or as a history step
 * after `markStep`, when a segment is opened); back, forward or an edited address opens the URL's draft.
 */
export function useDraftInUrl(draft: Draft, adopt: (d: Draft) => void): { markStep: () => void } {
  const { draft: fromUrl, rawTree } = useUrlDraft();
  const mine = useRef(draft);
  mine.current = draft;
  const step = useRef(false);
  useEffect(() => {
    if (fromUrl && rawTree !== encodeTree(mine.current.tree)) adopt(fromUrl);
    // Only a change of the URL's text is a reason to look (not each new decoding of it).
  }, [rawTree]);
  useEffect(() => {
    const { tree, editing, baseline } = draft;
    const mode = step.current ? 'push' : 'replace';
    step.current = false;
    const e = JSON.stringify({ name: editing.name, segmentId: editing.segmentId, version: editing.version, template: editing.template });
    setParams(PAGE, { e, b: baseline, r: encodeTree(tree) }, mode);
  }, [draft]);
  return { markStep: useCallback(() => void (step.current = true), []) };
}
