import type { SegmentCondition, SegmentInfo } from '../../../src-main/contract/segments';
import { ConditionEditor } from './ConditionEditor';
import { CONDITION_TYPES, OP_LABELS, condNode, condProblem, group, type GroupNode, type GroupOp, type RuleNode } from './model';

export interface TreeEdits {
  replace: (id: string, next: RuleNode) => void;
  remove: (id: string) => void;
  move: (id: string, delta: -1 | 1) => void;
  add: (groupId: string, child: RuleNode) => void;
}

interface Shared {
  saved: SegmentInfo[];
  customFields: string[];
  edits: TreeEdits;
}

/** Move up / move down / remove for one item of a group; names say which item, for screen readers. */
function ItemTools({ id, name, first, last, edits }: { id: string; name: string; first: boolean; last: boolean; edits: TreeEdits }) {
  return (
    <span className="sg-tools">
      <button
        type="button"
        className="ghost sg-icon"
        aria-label={`Move ${name} up`}
        title="Move up"
        disabled={first}
        onClick={() => edits.move(id, -1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="ghost sg-icon"
        aria-label={`Move ${name} down`}
        title="Move down"
        disabled={last}
        onClick={() => edits.move(id, 1)}
      >
        ↓
      </button>
      <button type="button" className="ghost sg-icon" aria-label={`Remove ${name}`} title="Remove" onClick={() => edits.remove(id)}>
        ×
      </button>
    </span>
  );
}

function ConditionItem({
  node,
  path,
  first,
  last,
  ...shared
}: Shared & { node: Extract<RuleNode, { kind: 'cond' }>; path: string; first: boolean; last: boolean }) {
  const name = `condition ${path}`;
  const problem = condProblem(node.cond);
  const typeLabel = CONDITION_TYPES.find((t) => t.type === node.cond.type)?.label ?? 'Explore cells';
  return (
    <li className={`sg-cond ${problem ? 'sg-incomplete' : ''}`} data-testid="segment-condition" data-path={path}>
      <span className="sg-cond-body" role="group" aria-label={`Condition ${path}: ${typeLabel}`}>
        <span className="sg-cond-type small">{typeLabel.split(' (')[0]}</span>
        <ConditionEditor
          cond={node.cond}
          label={`Condition ${path}`}
          saved={shared.saved}
          customFields={shared.customFields}
          onChange={(cond: SegmentCondition) => shared.edits.replace(node.id, { ...node, cond })}
        />
      </span>
      <ItemTools id={node.id} name={name} first={first} last={last} edits={shared.edits} />
      {problem && <span className="sg-problem small">Not counted yet: {problem}</span>}
    </li>
  );
}

/** A group of conditions and groups, combined by all / any / none of them; groups nest. */
export function RuleGroup({
  node,
  path,
  first,
  last,
  root,
  ...shared
}: Shared & { node: GroupNode; path: string; first?: boolean; last?: boolean; root?: boolean }) {
  const name = root ? 'the rule' : `group ${path}`;
  const childPath = (i: number) => (root ? `${i + 1}` : `${path}.${i + 1}`);
  return (
    <div
      className={`sg-group sg-group-${node.op} ${root ? 'sg-group-root' : ''}`}
      role="group"
      aria-label={root ? 'Rule' : `Group ${path}`}
      data-testid="segment-group"
      data-path={root ? 'root' : path}
    >
      <div className="sg-group-head">
        <label className="small">
          <span className="visually-hidden">{root ? 'People matching' : `Group ${path}: people matching`}</span>
          <select
            aria-label={root ? 'Combine conditions' : `Group ${path} combines`}
            value={node.op}
            onChange={(e) => shared.edits.replace(node.id, { ...node, op: e.target.value as GroupOp })}
          >
            {(Object.keys(OP_LABELS) as GroupOp[]).map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op]}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">{node.op === 'none' ? 'these (people matching none of them)' : 'these'}</span>
        {!root && <ItemTools id={node.id} name={name} first={!!first} last={!!last} edits={shared.edits} />}
      </div>
      {node.children.length === 0 && (
        <p className="muted small sg-empty">{root ? 'No conditions: everyone.' : 'Empty group: left out of the rule.'}</p>
      )}
      <ol className="sg-items">
        {node.children.map((c, i) =>
          c.kind === 'group' ? (
            <li key={c.id} className="sg-nested">
              <RuleGroup node={c} path={childPath(i)} first={i === 0} last={i === node.children.length - 1} {...shared} />
            </li>
          ) : (
            <ConditionItem key={c.id} node={c} path={childPath(i)} first={i === 0} last={i === node.children.length - 1} {...shared} />
          ),
        )}
      </ol>
      <div className="sg-group-add">
        <select
          aria-label={root ? 'Add a condition' : `Add a condition to group ${path}`}
          value=""
          onChange={(e) => {
            const t = CONDITION_TYPES.find((x) => x.type === e.target.value);
            if (t) shared.edits.add(node.id, condNode(t.make()));
          }}
        >
          <option value="">+ Condition…</option>
          {CONDITION_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="ghost"
          onClick={() => shared.edits.add(node.id, group(node.op === 'any' ? 'all' : 'any'))}
          aria-label={root ? 'Add a group' : `Add a group to group ${path}`}
        >
          + Group
        </button>
      </div>
    </div>
  );
}
