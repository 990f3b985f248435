import { describe, expect, it } from 'vitest';
import { decodeSort, decodeSpec, encodeSpec } from '../../../src-renderer/features/explore/exploreUrl';
import { INITIAL_SPEC, type ExploreSpec } from '../../../src-renderer/features/explore/spec';
import { decodeQuery } from '../../../src-renderer/features/roi/roiUrl';
import { decodeTree, encodeTree } from '../../../src-renderer/features/segments/segmentsUrl';
import { condNode, group, toRule } from '../../../src-renderer/features/segments/model';
import { INITIAL_QUERY } from '../../../src-renderer/lib/roiQuery';

describe('a screen’s working state read back from its URL', () => {
  it('an Explore pivot round-trips, and what the core would refuse is not read', () => {
    const spec: ExploreSpec = {
      rows: ['market', 'attr:Favourite “snack”'],
      cols: ['channel'],
      measures: [{ fn: 'unique_entrants' }, { fn: 'median', field: 'age' }],
      filters: [{ field: 'entry_day', op: 'between', from: '2026-01-01', to: '2026-01-31' }],
      topN: 10,
    };
    expect(decodeSpec(encodeSpec(spec))).toEqual(spec);
    expect(decodeSpec(encodeSpec(INITIAL_SPEC))).toEqual(INITIAL_SPEC);
    expect(decodeSpec('{"rows":["no_such_field"]}')).toBeNull();
    expect(decodeSpec('{"rows":[],"measures":[{"fn":"sum"}]}')).toBeNull(); // sum needs a field
    expect(decodeSpec('{"rows":')).toBeNull();
    expect(decodeSort('{"by":"cell","col":"total","measure":1,"dir":"desc"}')).toEqual({
      by: 'cell',
      col: 'total',
      measure: 1,
      dir: 'desc',
    });
    expect(decodeSort('{"by":"row","index":"0","dir":"up"}')).toBeNull();
  });

  it('ROI’s toolbar keeps each readable part and defaults the rest', () => {
    const q = {
      ...INITIAL_QUERY,
      by: 'market' as const,
      from: '2026-02-01',
      filters: { ...INITIAL_QUERY.filters, channel: ['sms'] },
      marginPct: '40',
    };
    expect(decodeQuery(JSON.stringify(q))).toEqual(q);
    expect(decodeQuery('{"by":"planet","filters":{"market":[1,2]},"marginPct":7}')).toEqual(INITIAL_QUERY);
    expect(decodeQuery('not json')).toBeNull();
  });

  it('a segment draft keeps its unfinished conditions, and drops what is not a condition', () => {
    const tree = group('all', [
      condNode({ type: 'redeemed', value: true }),
      group('any', [
        condNode({ type: 'answer', field: 'state', values: [] }),
        condNode({ type: 'number', field: 'age', min: 25, max: null }),
      ]),
    ]);
    const back = decodeTree(encodeTree(tree))!;
    expect(toRule(back)).toEqual(toRule(tree));
    expect(encodeTree(back)).toBe(encodeTree(tree)); // the empty answer list (being filled in) is kept
    expect(decodeTree('{"op":"all","of":[{"c":{"type":"answer","field":"state","values":"MA"}}]}')).toBeNull();
    expect(decodeTree('{"op":"xor","of":[]}')).toBeNull();
    expect(decodeTree('{"c":{"type":"redeemed","value":true}}')).toBeNull(); // the root is a group
  });
});
