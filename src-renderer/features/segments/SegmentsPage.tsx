import { useCallback, useMemo, useState } from 'react';
import { useUnsaved } from '../../unsaved';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { useQuery } from '../../lib/query';
import { Breakdown } from './Breakdown';
import { CountBar } from './CountBar';
import { ExportPanel } from './ExportPanel';
import { MembersTable } from './MembersTable';
import { addChild, fromRule, group, incomplete, moveNode, removeNode, replaceNode, ruleAreas, toRule, type GroupNode } from './model';
import { Overlap } from './Overlap';
import { RuleGroup, type TreeEdits } from './RuleGroup';
import { SaveBar, type Editing, type SaveMessage } from './SaveBar';
import { SegmentList, type Template } from './SegmentList';
import { useDebounced } from '../../lib/useDebounced';
import { useDraftInUrl, useInitialDraft, type Draft } from './segmentsUrl';
import './segments.css';

/** Segments: who to message next. A rule over people, its live count, members, breakdown, overlap and export. */
export function SegmentsPage({ theme }: { theme: 'light' | 'dark' }) {
  // The draft survives leaving the screen and reloading: it starts from the URL's (see segmentsUrl.ts).
  const initial = useInitialDraft();
  const [editing, setEditing] = useState<Editing>(initial?.editing ?? { name: '' });
  const [message, setMessage] = useState<SaveMessage>(null);
  const [tree, setTree] = useState<GroupNode>(() => initial?.tree ?? group('all'));
  const templates = useQuery('segments.templates', {});
  const fields = useQuery('pivot.fields', {});
  const customFields = useMemo(() => (fields.data ?? []).filter((f) => f.group === 'Custom').map((f) => f.id), [fields.data]);

  const rule = useMemo(() => toRule(tree), [tree]);
  // The rule as it was opened (or empty): anything else is unsaved work.
  const [baseline, setBaseline] = useState(() => initial?.baseline ?? JSON.stringify(toRule(group('all'))));
  const draft = useMemo(() => ({ tree, editing, baseline }), [tree, editing, baseline]);
  const adopt = useCallback((d: Draft) => {
    setTree(d.tree);
    setEditing(d.editing);
    setBaseline(d.baseline);
    setMessage(null);
  }, []);
  const { markStep } = useDraftInUrl(draft, adopt);
  useUnsaved('segments', JSON.stringify(rule) !== baseline);
  const live = useDebounced(rule, 200);
  const pending = JSON.stringify(rule) !== JSON.stringify(live);
  // The query layer drops answers to a rule that has since changed: the count never shows a stale figure.
  const count = useQuery('segments.count', { rule: live }, { areas: ruleAreas(live) });
  const list = useQuery('segments.list', {});
  const saved = list.data ?? [];
  const listError = list.error?.message ?? null;
  // Saved: what is in the editor now is the saved version (saving refreshed the list).
  const onSaved = useCallback(() => setBaseline(JSON.stringify(rule)), [rule]);

  const open = (r: SegmentRule, next: Editing) => {
    markStep();
    const t = fromRule(r);
    setTree(t);
    setBaseline(next.segmentId ? JSON.stringify(toRule(t)) : JSON.stringify(toRule(group('all'))));
    setEditing(next);
    setMessage(null);
  };
  const edits: TreeEdits = useMemo(
    () => ({
      replace: (id, next) => setTree((t) => replaceNode(t, id, next)),
      remove: (id) => setTree((t) => removeNode(t, id)),
      move: (id, delta) => setTree((t) => moveNode(t, id, delta)),
      add: (groupId, child) => setTree((t) => addChild(t, groupId, child)),
    }),
    [],
  );
  const left = incomplete(tree);

  return (
    <div className="page sg-page">
      <header className="page-header">
        <div>
          <h1>Segments</h1>
          <p className="muted">
            Who to message next: rules over people, not rows. The count follows every change; consent follows the campaign’s opt-ins, and an
            opt-out always wins.
          </p>
        </div>
      </header>
      {listError && (
        <p className="inline-error small" role="alert">
          {listError}
        </p>
      )}
      <div className="sg-layout">
        <SegmentList
          saved={saved}
          templates={templates.data ?? []}
          activeId={editing.segmentId}
          onNew={() => open({ all: [] }, { name: '' })}
          onOpen={(s) => open(s.rule, { segmentId: s.segmentId, name: s.name, version: s.version, problem: s.problem })}
          onTemplate={(t: Template) => open(t.rule, { name: t.name, template: t.name })}
        />
        <div className="sg-main">
          <section className="card sg-editor" aria-label="Segment rule">
            <SaveBar
              editing={editing}
              rule={rule}
              incomplete={left}
              message={message}
              onMessage={setMessage}
              onEditing={setEditing}
              onSaved={onSaved}
            />
            <RuleGroup
              node={tree}
              path=""
              root
              saved={saved.filter((s) => s.segmentId !== editing.segmentId)}
              customFields={customFields}
              edits={edits}
            />
            <CountBar count={count.data} busy={pending || count.loading} error={count.error} />
            <details className="sg-json-box">
              <summary className="small muted">Rule as JSON (for `ace segment count --rule`)</summary>
              <pre className="sg-json" data-testid="segment-json">
                {JSON.stringify(rule, null, 2)}
              </pre>
            </details>
          </section>
          <MembersTable rule={live} people={count.data?.people} />
          <Breakdown rule={live} theme={theme} customFields={customFields} />
          <ExportPanel rule={live} name={editing.name.trim()} />
          <Overlap saved={saved} />
        </div>
      </div>
    </div>
  );
}
