import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { exportSegmentCsv } from '../../../src-main/core/segments/export';
import { listSegments, overlapSegments, saveSegment, breakdownSegment, countSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

interface Person {
  channels: Set<string>;
  entries: number;
  affinity: string | null;
  affinityAt: string;
  redemptions: number;
}

/** The reference: the same rules evaluated here, over rows read plainly from the workspace. */
function matches(rule: SegmentRule, p: Person): boolean {
  if ('all' in rule) return rule.all.every((r) => matches(r, p));
  if ('any' in rule) return rule.any.some((r) => matches(r, p));
  if ('not' in rule) return !matches(rule.not, p);
  switch (rule.type) {
    case 'response':
      return rule.values.some((v) => p.channels.has(v));
    case 'number':
      return (rule.min === null || p.entries >= rule.min) && (rule.max === null || p.entries <= rule.max);
    case 'answer':
      return rule.values.includes(p.affinity);
    case 'redeemed':
      return rule.value === p.redemptions > 0;
    default:
      throw new Error('not in the reference');
  }
}

const condition: fc.Arbitrary<SegmentRule> = fc.oneof(
  fc
    .subarray(['sms', 'web', 'email', 'banner'], { minLength: 1 })
    .map((values) => ({ type: 'response', field: 'channel', values }) as SegmentRule),
  fc
    .tuple(fc.option(fc.integer({ min: 1, max: 4 })), fc.option(fc.integer({ min: 1, max: 6 })))
    .map(([min, max]) => ({ type: 'number', field: 'entries', min, max }) as SegmentRule),
  fc
    .subarray(['running', 'basketball', 'casual', 'kids', 'outdoor', null], { minLength: 1 })
    .map((values) => ({ type: 'answer', field: 'product_affinity', values }) as SegmentRule),
  fc.boolean().map((value) => ({ type: 'redeemed', value }) as SegmentRule),
);
const rule: fc.Arbitrary<SegmentRule> = fc.letrec<{ r: SegmentRule }>((tie) => ({
  r: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.array(tie('r'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('r'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('r').map((not) => ({ not })),
  ),
})).r;

describe('segment rules', () => {
  let s: Session;
  let people: Map<string, Person>;
  beforeAll(async () => {
    s = await demoSession(dir, 'segments.duckdb', 3000);
    const rows = await s
      .requireDb()
      .rows<{ entrant_id: string; channel: string | null; product_affinity: string | null; entered_at: string; redemptions: unknown }>(
        `SELECT f.entrant_id, e.channel, e.product_affinity, e.entered_at::VARCHAR AS entered_at,
              (SELECT count(*) FROM redemption_facts r WHERE r.entry_id = e.entry_id) AS redemptions
       FROM entries e JOIN entry_facts f USING (entry_id)`,
      );
    people = new Map();
    for (const r of rows) {
      const p = people.get(r.entrant_id) ?? { channels: new Set<string>(), entries: 0, affinity: null, affinityAt: '', redemptions: 0 };
      if (r.channel) p.channels.add(r.channel);
      p.entries++;
      p.redemptions += Number(r.redemptions);
      if (r.product_affinity !== null && r.entered_at >= p.affinityAt) {
        p.affinity = r.product_affinity;
        p.affinityAt = r.entered_at;
      }
      people.set(r.entrant_id, p);
    }
  }, 120_000);
  afterAll(() => s.close());

  it('match exactly the people a reference evaluation finds, for any combination of all, any and not', async () => {
    await fc.assert(
      fc.asyncProperty(rule, async (r) => {
        const { csv } = await exportSegmentCsv(s.requireDb(), r, ['entrant_id']);
        const got = csv.trim().split('\r\n').slice(1).sort();
        const want = [...people]
          .filter(([, p]) => matches(r, p))
          .map(([id]) => id)
          .sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 60, seed: 3 },
    );
  }, 120_000);

  it('are saved as versions, can include another segment, refuse a cycle or a missing segment, and overlap', async () => {
    const sms = await saveSegment(s.requireDb(), { name: 'SMS entrants', rule: { type: 'response', field: 'channel', values: ['sms'] } });
    const loyal = await saveSegment(s.requireDb(), {
      name: 'Entered 3+ times',
      rule: { type: 'number', field: 'entries', min: 3, max: null },
    });
    const both = await saveSegment(s.requireDb(), {
      name: 'Loyal SMS',
      rule: {
        all: [
          { type: 'segment', segmentId: sms.segmentId },
          { type: 'segment', segmentId: loyal.segmentId },
        ],
      },
    });
    const again = await saveSegment(s.requireDb(), {
      segmentId: sms.segmentId,
      name: 'SMS entrants',
      rule: { type: 'response', field: 'channel', values: ['sms', 'web'] },
    });
    expect(again.version).toBe(2);
    expect((await listSegments(s.requireDb())).map((x) => x.name)).toEqual(['Entered 3+ times', 'Loyal SMS', 'SMS entrants']);
    await expect(
      saveSegment(s.requireDb(), { segmentId: sms.segmentId, name: 'loop', rule: { type: 'segment', segmentId: both.segmentId } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/refers to itself/) });
    await expect(countSegment(s.requireDb(), { type: 'segment', segmentId: 'gone' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no longer exists/),
    });
    const o = await overlapSegments(s.requireDb(), [again.segmentId, loyal.segmentId, both.segmentId]);
    const count = async (r: SegmentRule) => (await countSegment(s.requireDb(), r)).people;
    expect(o.segments.map((x) => x.people)).toEqual([await count(again.rule), await count(loyal.rule), await count(both.rule)]);
    expect(o.pairs[0]!.people).toBe(await count({ all: [again.rule, loyal.rule] }));
    const byChannel = await breakdownSegment(s.requireDb(), loyal.rule, 'channel');
    expect(byChannel.reduce((a, b) => a + b.people, 0)).toBeGreaterThanOrEqual(await count(loyal.rule));
  });
});

describe('ace segment and the ready-made segments', () => {
  it('counts, saves, lists and exports from a rule file; every template is a valid rule that runs', async () => {
    const { ace } = await import('../helpers/cli');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { segmentRule } = await import('../../../src-main/contract/segments');
    const { SEGMENT_TEMPLATES } = await import('../../../src-main/core/segments/templates');
    const s = await demoSession(dir, 'segment-cli.duckdb', 3000);
    const path = (await s.info()).path;
    const direct = await countSegment(s.requireDb(), SEGMENT_TEMPLATES[1]!.rule);
    for (const t of SEGMENT_TEMPLATES) {
      expect(segmentRule.safeParse(t.rule).success, t.name).toBe(true);
      expect((await countSegment(s.requireDb(), t.rule)).people, t.name).toBeGreaterThan(0);
    }
    await s.close();
    const rule = join(dir, 'rule.json');
    writeFileSync(rule, JSON.stringify(SEGMENT_TEMPLATES[1]!.rule));
    const count = await ace(['segment', 'count', '--workspace', path, '--rule', rule, '--json']);
    expect(JSON.parse(count.stdout)).toEqual(direct);
    const saved = JSON.parse((await ace(['segment', 'save', '--workspace', path, '--rule', rule, '--name', 'Loyal', '--json'])).stdout) as {
      segmentId: string;
    };
    // Never starts with a dash, which `--id` would read as an option (1 in 64 base64url ids did).
    expect(saved.segmentId).toMatch(/^seg_[0-9a-f]{12}$/);
    expect(JSON.parse((await ace(['segment', 'list', '--workspace', path, '--json'])).stdout)).toMatchObject([
      { segmentId: saved.segmentId, name: 'Loyal', version: 1 },
    ]);
    const out = join(dir, 'loyal.csv');
    expect(
      (await ace(['segment', 'export', '--workspace', path, '--id', saved.segmentId, '--columns', 'entrant_id,entries', '--out', out]))
        .code,
    ).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(direct.people + 1);
    const xlsx = join(dir, 'loyal.xlsx');
    expect(
      (
        await ace([
          'segment',
          'export',
          '--workspace',
          path,
          '--id',
          saved.segmentId,
          '--columns',
          'entrant_id,entries,email',
          '--out',
          xlsx,
        ])
      ).code,
    ).toBe(0);
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(readFileSync(xlsx)));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    // A header row plus one row per member; entries are numbers, not text.
    expect((sheet.match(/<row /g) ?? []).length).toBe(direct.people + 1);
    expect(sheet).toMatch(/<c r="B2"[^>]*><v>\d+<\/v><\/c>/);
    writeFileSync(rule, '{"all": [{"type": "shoe size", "values": ["9"]}]}');
    const bad = await ace(['segment', 'count', '--workspace', path, '--rule', rule]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('a segment from Explore', () => {
  it('is the people with at least one entry in the chosen cells', async () => {
    const s = await demoSession(dir, 'segment-explore.duckdb', 3000);
    const cell = [
      { field: 'channel', op: 'in', values: ['sms'] },
      { field: 'market', op: 'in', values: ['Boston'] },
    ] as const;
    const got = await countSegment(s.requireDb(), { type: 'entries', filters: cell.map((f) => ({ ...f, values: [...f.values] })) });
    const [want] = await s.requireDb().rows<{ n: unknown }>(
      `SELECT count(DISTINCT f.entrant_id) AS n FROM entries e JOIN entry_facts f USING (entry_id) JOIN media_buys mb ON mb.media_buy_id = f.media_buy_id
       WHERE e.channel = 'sms' AND mb.market = 'Boston'`,
    );
    expect(got.people).toBe(Number(want!.n));
    expect(got.people).toBeGreaterThan(0);
    await s.close();
  });
});

describe('saved rules whose names no longer point anywhere', () => {
  it('say so: a custom column no import has, a deleted segment', async () => {
    const s = await demoSession(dir, 'segment-dangling.duckdb', 1000);
    const a = await saveSegment(s.requireDb(), { name: 'Size 9', rule: { type: 'answer', field: 'attr:shoe_size', values: ['9'] } });
    const b = await saveSegment(s.requireDb(), {
      name: 'Gone colour',
      rule: { type: 'answer', field: 'attr:Favorite Color', values: ['red'] },
    });
    const c = await saveSegment(s.requireDb(), { name: 'Uses Size 9', rule: { type: 'segment', segmentId: a.segmentId } });
    await s.requireDb().transaction((w) => w.run(`DELETE FROM segments WHERE segment_id = ?`, [a.segmentId]));
    const list = await listSegments(s.requireDb());
    expect(list.find((x) => x.segmentId === b.segmentId)?.problem).toMatch(
      /custom column "Favorite Color", which no imported entries have/,
    );
    expect(list.find((x) => x.segmentId === c.segmentId)?.problem).toMatch(/names segment .* which no longer exists/);
    expect(await countSegment(s.requireDb(), b.rule)).toMatchObject({ people: 0 });
    await s.close();
  });
});

describe('hostile values and names in rules', () => {
  it('are bound, never spliced: any text as a value or custom column matches nothing and breaks nothing', async () => {
    const s = await demoSession(dir, 'segment-hostile.duckdb', 1000);
    const everyone = (await countSegment(s.requireDb(), { all: [] })).people;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 30 }),
        fc.constantFrom("' OR 1=1 --", '") OR true --', '$1', "'; DROP TABLE entries; --", '\\'),
        async (a, b) => {
          const values = [a + b, b];
          const none = await countSegment(s.requireDb(), {
            any: [
              { type: 'answer', field: 'zip', values },
              { type: 'response', field: 'keyword', values },
              { type: 'store', values },
            ],
          });
          expect(none.people).toBe(0);
          const attr = await countSegment(s.requireDb(), { not: { type: 'answer', field: `attr:${a}${b}`, values } });
          expect(attr.people).toBe(everyone);
          const byAttr = await breakdownSegment(s.requireDb(), { all: [] }, `attr:${b}${a}`);
          expect(byAttr).toEqual([{ value: null, people: everyone }]);
        },
      ),
      { numRuns: 25, seed: 9 },
    );
    const [n] = await s.requireDb().rows<{ n: unknown }>(`SELECT count(*) AS n FROM entries`);
    expect(Number(n!.n)).toBe(1000);
    const byKeyword = await breakdownSegment(s.requireDb(), { type: 'response', field: 'channel', values: ['sms'] }, 'keyword');
    expect(byKeyword.reduce((x, r) => x + r.people, 0)).toBeGreaterThanOrEqual(
      (await countSegment(s.requireDb(), { type: 'response', field: 'channel', values: ['sms'] })).people,
    );
    await s.close();
  }, 60_000);
});
