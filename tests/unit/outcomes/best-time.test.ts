import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestHourAudienceSql, bestTime } from '../../../src-main/core/outcomes/best-time';
import { ensurePeople } from '../../../src-main/core/derived/people';
import { ensureReferenceTables } from '../../../src-main/core/geo/reference';
import { localNow } from '../../../src-main/core/deliver/schedule';
import { Params } from '../../../src-main/core/lib/params';
import { saveSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { RESPONSE_KINDS } from '../../../src-main/contract/outcomes';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { ace } from '../helpers/cli';

/**
 * Responses placed in each person's local time, worked out by hand: the workspace is in New York time, the
 * events are written in UTC, and the people live in Boston (EDT, UTC-4 in late March), San Francisco (PDT,
 * UTC-7) and Phoenix (MST all year, UTC-7); one has no zip.
 */
const dir = tempDir();

describe('the best time to send', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    await imp(
      s,
      file(
        dir,
        'entries.csv',
        csv([
          ['entry_id', 'entered_at', 'email', 'zip', 'coupon_code'],
          ['e1', '2026-03-01 10:00', 'ann@example.com', '02134', 'C1'],
          ['e2', '2026-03-01 10:00', 'bob@example.com', '94103', 'C2'],
          ['e3', '2026-03-01 10:00', 'cat@example.com', '85004', 'C3'],
          ['e4', '2026-03-01 10:00', 'dan@example.com', '', 'C4'],
        ]),
      ),
      'entries',
    );
    await imp(
      s,
      file(
        dir,
        'events.csv',
        csv([
          ['email', 'event', 'timestamp'],
          // Friday 20 March 2026, 23:30 UTC: 19:30 in Boston, 16:30 in San Francisco and Phoenix.
          ['ann@example.com', 'open', '2026-03-20T23:30:00Z'],
          ['bob@example.com', 'click', '2026-03-20T23:30:00Z'],
          ['cat@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Saturday 02:00 UTC is still Friday 22:00 in Boston.
          ['ann@example.com', 'reply', '2026-03-21T02:00:00Z'],
          // No zip: no time zone, counted apart.
          ['dan@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Not one of the campaign's people.
          ['eve@example.com', 'open', '2026-03-20T23:30:00Z'],
          // Delivered is not a response.
          ['ann@example.com', 'delivered', '2026-03-20T12:00:00Z'],
        ]),
      ),
      'message_events',
    );
    // Sunday 22 March 10:00 in New York (the workspace's time) is 07:00 in San Francisco.
    await imp(
      s,
      file(
        dir,
        'redemptions.csv',
        csv([
          ['redemption_id', 'redeemed_at', 'coupon_code'],
          ['r1', '2026-03-22 10:00', 'C2'],
        ]),
      ),
      'redemptions',
    );
  });
  afterAll(() => s.close());

  it('counts each response at its hour and weekday where the person lives', async () => {
    const r = await bestTime(s.requireDb(), { responses: [...RESPONSE_KINDS] });
    expect(r).toMatchObject({ responses: 5, people: 3, withoutZone: 1 });
    expect(r.byKind).toEqual({ opened: 2, clicked: 1, replied: 1, redeemed: 1 });
    expect(r.cells).toEqual([
      { dow: 5, hour: 16, responses: 2 },
      { dow: 5, hour: 19, responses: 1 },
      { dow: 5, hour: 22, responses: 1 },
      { dow: 7, hour: 7, responses: 1 },
    ]);
    expect(r.best).toEqual({ hour: 16, hourResponses: 2, day: 5, dayName: 'Friday', dayResponses: 4, share: 0.4 });
    expect(r.note).toBe('Only 5 responses: the best hour is a weak guide until there are more.');
    expect(r.byHour.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('only the responses asked for, and only a segment’s people', async () => {
    const redeemed = await bestTime(s.requireDb(), { responses: ['redeemed'] });
    expect(redeemed.cells).toEqual([{ dow: 7, hour: 7, responses: 1 }]);
    const seg = await saveSegment(s.requireDb(), { name: 'Boston', rule: { type: 'answer', field: 'zip', values: ['02134'] } });
    const boston = await bestTime(s.requireDb(), { segmentId: seg.segmentId, responses: [...RESPONSE_KINDS] });
    expect(boston.segment).toMatchObject({ id: seg.segmentId, name: 'Boston' });
    expect(boston.cells).toEqual([
      { dow: 5, hour: 19, responses: 1 },
      { dow: 5, hour: 22, responses: 1 },
    ]);
    expect(boston.withoutZone).toBe(0);
  });

  it('`ace results --best-time` says the same, in words or as --json', async () => {
    const expected = await bestTime(s.requireDb(), { responses: [...RESPONSE_KINDS] });
    const path = (await s.info())!.path;
    await s.close();
    const json = await ace(['results', '--workspace', path, '--best-time', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expected);
    const text = await ace(['results', '--workspace', path, '--best-time']);
    expect(text.stdout).toContain('hour: 16:00-17:00, 2 of 5 responses (40.0%)');
    expect(text.stdout).toContain('day: Friday, 4 responses');
    expect(text.stdout).toContain('1 response of people without a known zip left out');
    const bad = await ace(['results', '--workspace', path, '--best-time', '--responses', 'opened,forwarded']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--responses');
  });
});

describe('the best hour of each person, in a generated population with known best hours', () => {
  it('every hour of a day, the people whose own best hour it is where they live, each once', async () => {
    const g = await emptySession(dir);
    try {
      // A seeded population: each person's own best hour and zone are known; 4 responses at it, 2 elsewhere.
      let x = 20261203;
      const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
      // Late March 2026, summer time everywhere here: hours behind UTC.
      const zones = [
        { zip: '02134', behind: 4 },
        { zip: '60601', behind: 5 },
        { zip: '80202', behind: 6 },
        { zip: '94103', behind: 7 },
      ];
      const people = Array.from({ length: 240 }, (_, i) => {
        const z = zones[i % zones.length]!;
        return { email: `p${i}@example.com`, zip: z.zip, behind: z.behind, best: Math.floor(rnd() * 24) };
      });
      const utc = (day: number, localHour: number, behind: number) =>
        new Date(Date.UTC(2026, 2, day, localHour + behind, Math.floor(rnd() * 60))).toISOString().replace('.000', '');
      const events: string[][] = [['email', 'event', 'timestamp']];
      for (const p of people) {
        for (let k = 0; k < 4; k++) events.push([p.email, k % 2 ? 'click' : 'open', utc(10 + k, p.best, p.behind)]);
        for (let k = 0; k < 2; k++) events.push([p.email, 'open', utc(15 + k, (p.best + 3 + Math.floor(rnd() * 18)) % 24, p.behind)]);
      }
      await imp(
        g,
        file(
          dir,
          'pop.csv',
          csv([['entry_id', 'entered_at', 'email', 'zip'], ...people.map((p, i) => [`g${i}`, '2026-03-01 10:00', p.email, p.zip])]),
        ),
        'entries',
      );
      await imp(g, file(dir, 'pop-events.csv', csv(events)), 'message_events');
      const db = g.requireDb();
      await ensurePeople(db);
      await ensureReferenceTables(db);
      const seen = new Map<string, number>();
      for (let u = 0; u < 24; u++) {
        const p = new Params();
        const audience = bestHourAudienceSql('true', localNow(new Date(Date.UTC(2026, 2, 25, u, 30))), p);
        const got = await db.rows<{ email: string }>(
          `SELECT DISTINCT e.email FROM entries e JOIN entry_facts_t f ON f.entry_key = ace_row_key(e.import_id, e.line)
           WHERE f.entrant IN (${audience}) ORDER BY 1`,
          p.values,
        );
        const expected = people.filter((q) => (u - q.behind + 24) % 24 === q.best).map((q) => q.email);
        expect(
          got.map((r) => r.email),
          `${u}:30 UTC`,
        ).toEqual(expected.sort());
        for (const r of got) seen.set(r.email, (seen.get(r.email) ?? 0) + 1);
      }
      expect(seen.size).toBe(people.length);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await g.close();
    }
  });
});
