import { describe, expect, it } from 'vitest';
import { segmentRule, type SegmentCondition, type SegmentRule } from '../../src-main/contract/segments';
import {
  addChild,
  condNode,
  condProblem,
  fileBase,
  fromRule,
  group,
  incomplete,
  moveNode,
  orderedColumns,
  removeNode,
  replaceNode,
  toRule,
} from '../../src-renderer/features/segments/model';

const sms: SegmentCondition = { type: 'response', field: 'channel', values: ['sms'] };
const redeemed: SegmentCondition = { type: 'redeemed', value: true };

describe('the Segments editor tree', () => {
  it('round-trips rules the core reads, none-of groups included', () => {
    const rules: SegmentRule[] = [
      { all: [] },
      { all: [sms, { not: redeemed }] },
      { any: [sms, { all: [redeemed, { type: 'reachable', channel: 'email' }] }] },
      { not: { any: [sms, redeemed] } },
      { not: { all: [sms, redeemed] } },
      { all: [{ not: { not: sms } }] },
    ];
    for (const r of rules) expect(toRule(fromRule(r))).toEqual(r);
    // A bare condition opens inside an "all of" group and saves as such.
    expect(toRule(fromRule(sms))).toEqual({ all: [sms] });
  });

  it('leaves out empty groups and incomplete conditions; nothing at all is everyone', () => {
    const t = group('all', [
      condNode(sms),
      group('any'),
      condNode({ type: 'response', field: 'keyword', values: [] }),
      group('none', [condNode({ type: 'number', field: 'age', min: 50, max: 20 })]),
    ]);
    expect(toRule(t)).toEqual({ all: [sms] });
    expect(incomplete(t)).toBe(2);
    expect(toRule(group('any'))).toEqual({ all: [] });
    expect(segmentRule.safeParse(toRule(t)).success).toBe(true);
  });

  it('edits by id: replace, add, move, remove, at any depth', () => {
    const inner = group('any', [condNode(sms)]);
    const c = condNode(redeemed);
    let t = group('all', [c, inner]);
    t = addChild(t, inner.id, condNode({ type: 'reachable', channel: 'sms' }));
    expect(toRule(t)).toEqual({ all: [redeemed, { any: [sms, { type: 'reachable', channel: 'sms' }] }] });
    t = moveNode(t, c.id, 1);
    expect(toRule(t)).toEqual({ all: [{ any: [sms, { type: 'reachable', channel: 'sms' }] }, redeemed] });
    expect(moveNode(t, c.id, 1)).toEqual(t);
    t = replaceNode(t, inner.id, { ...inner, op: 'none', children: inner.children });
    expect(toRule(t)).toEqual({ all: [{ not: sms }, redeemed] });
    t = removeNode(t, c.id);
    expect(toRule(t)).toEqual({ all: [{ not: sms }] });
  });

  it('says why a condition is not counted yet', () => {
    expect(condProblem({ type: 'near', miles: 10 })).toMatch(/store or/);
    expect(condProblem({ type: 'near', miles: 10, zip: '021' })).toMatch(/5 digits/);
    expect(condProblem({ type: 'near', miles: 10, zip: '02134' })).toBeNull();
    expect(condProblem({ type: 'entered', first: false, from: '2026-05-01', to: '2026-04-01' })).toMatch(/after/);
    expect(condProblem({ type: 'not_redeemed_within', days: Number.NaN })).toMatch(/1 to 365/);
    expect(condProblem({ type: 'segment', segmentId: '' })).toMatch(/saved segment/);
  });

  it('exports columns in a fixed order and names files safely', () => {
    expect(orderedColumns(['reachable_sms', 'email', 'zip', 'entrant_id'])).toEqual(['entrant_id', 'email', 'zip', 'reachable_sms']);
    expect(fileBase('  SMS, not redeemed / "Q2" ')).toBe('sms-not-redeemed-q2');
    expect(fileBase('***')).toBe('segment');
  });
});
