import type { BestTimeResult, ResponseKind } from '../../contract/outcomes';
import type { DbClient } from '../db/client';
import { ensurePeople } from '../derived/people';
import { localTimeCtes, WORKSPACE_TZ } from '../geo/local-time';
import { ensureReferenceTables } from '../geo/reference';
import { Params } from '../lib/params';
import { resolveSegment } from '../segments/resolve';
import { where } from '../segments/run';

/**
 * When people respond, in their own local time: opens, clicks and replies (imported message outcomes) and
 * coupon redemptions, by day of week and hour of day in the time zone of the person's zip (its centre's zone,
 * geo/reference.ts). Campaign data is stored in the workspace's time zone; each response is moved from there
 * into the person's. People without a zip the reference knows are counted apart, never placed in a zone.
 */
/** The identity node of an event's address, as the facts make them (derived/facts.ts). */
const NODE = `CASE e.channel WHEN 'email' THEN hash('e:' || e.address) WHEN 'sms' THEN hash('p:' || e.address) END`;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Below this many responses the best hour is a weak guide, and the answer says so. */
export const FEW_RESPONSES = 100;

/**
 * CTEs over the members (`where` over segment_people pp): m (entrant, tz of their zip or NULL), resp (their
 * responses) and local (entrant, kind, lt: the response in the person's local time, NULL without a zone).
 * Needs the people table and the zip reference (ensurePeople, ensureReferenceTables).
 */
export function localResponsesCtes(members: string, responses: readonly ResponseKind[], p: Params): string {
  const events = responses.filter((r) => r !== 'redeemed');
  const parts: string[] = [];
  if (events.length)
    parts.push(`SELECT coalesce(l.label, ${NODE}) AS entrant, e.occurred_at AS t, e.event AS kind
      FROM message_events e LEFT JOIN identity_labels l ON l.node = ${NODE} WHERE e.event IN (${p.list(events)})`);
  if (responses.includes('redeemed'))
    parts.push(`SELECT ef.entrant, r.redeemed_at AS t, 'redeemed' AS kind FROM redemption_facts_t rf
      JOIN redemptions r ON ace_row_key(r.import_id, r.line) = rf.redemption_key JOIN entry_facts_t ef ON ef.entry_key = rf.entry_key`);
  if (!parts.length) parts.push(`SELECT NULL::UBIGINT AS entrant, NULL::TIMESTAMP AS t, NULL::VARCHAR AS kind WHERE false`);
  // Each response from campaign time to UTC (one zone for all: cheap), then into its person's zone (geo/local-time.ts).
  return `m AS (SELECT pp.entrant, z.tz FROM segment_people pp LEFT JOIN ref_zip_places z ON z.zip = pp.zip WHERE ${members}),
    resp AS (${parts.join(' UNION ALL ')}),
    ${localTimeCtes('local', `SELECT r.entrant, r.kind, m.tz, timezone('UTC', timezone(${WORKSPACE_TZ}, r.t)) AS u FROM resp r JOIN m USING (entrant)`)}`;
}

/** A person's own best hour needs this many responses; with fewer, the members' best hour is theirs. */
export const PERSONAL_MIN = 3;
/** With no responses to go on at all: 10:00 in each person's local time. */
export const DEFAULT_HOUR = 10;

/**
 * SQL: the members (`members` over segment_people pp) whose best hour is the hour it is for them at `at`
 * (this machine's wall-clock time, 'YYYY-MM-DD HH:MM:SS'): their own most frequent response hour when they
 * have PERSONAL_MIN responses, else the members' most frequent hour, else DEFAULT_HOUR (ties: the earlier
 * hour). People without a known zone are placed in the workspace's. A schedule "at each person's best hour"
 * runs every hour and sends to these people (deliver/schedule.ts).
 */
export function bestHourAudienceSql(members: string, at: string, p: Params): string {
  const pick = `arg_max(h, n * 24 + (23 - h))`;
  return `WITH ${localResponsesCtes(members, ['opened', 'clicked', 'replied', 'redeemed'], p)},
    ph AS (SELECT entrant, hour(lt) AS h, count(*) AS n FROM local WHERE lt IS NOT NULL GROUP BY ALL),
    personal AS (SELECT entrant, ${pick} AS h FROM ph GROUP BY entrant HAVING sum(n) >= ${PERSONAL_MIN}),
    overall AS (SELECT ${pick} AS h FROM (SELECT h, sum(n) AS n FROM ph GROUP BY h)),
    -- The hour it is now in each zone, once per zone rather than per member (a zone from a column is slow: local-time.ts).
    now_h AS (SELECT z, hour(timezone(z, ${p.add(at)}::TIMESTAMP::TIMESTAMPTZ)) AS h FROM (SELECT DISTINCT coalesce(tz, ${WORKSPACE_TZ}) AS z FROM m))
    SELECT m.entrant FROM m LEFT JOIN personal ps USING (entrant) LEFT JOIN overall o ON true JOIN now_h ON now_h.z = coalesce(m.tz, ${WORKSPACE_TZ})
    WHERE coalesce(ps.h, o.h, ${DEFAULT_HOUR}) = now_h.h`;
}

export async function bestTime(db: DbClient, opts: { segmentId?: string; responses: readonly ResponseKind[] }): Promise<BestTimeResult> {
  await ensureReferenceTables(db);
  await ensurePeople(db);
  const p = new Params();
  const segment = opts.segmentId ? await resolveSegment(db, opts.segmentId) : null;
  const members = segment ? await where(db, segment.rule, p) : 'true';
  // One statement: the responses in local time are worked out once (materialised) for the grid, the kinds and the
  // totals, not three times over the members and their responses.
  const rows = await db.rows<{
    part: string;
    dow: unknown;
    hour: unknown;
    kind: string | null;
    n: unknown;
    people: unknown;
    without: unknown;
  }>(
    `WITH ${localResponsesCtes(members, opts.responses, p)},
      ace_loc AS MATERIALIZED (SELECT entrant, kind, lt FROM local)
    SELECT 'cell' AS part, isodow(lt) AS dow, hour(lt) AS hour, NULL::VARCHAR AS kind, count(*) AS n, NULL::BIGINT AS people, NULL::BIGINT AS without
      FROM ace_loc WHERE lt IS NOT NULL GROUP BY 2, 3
    UNION ALL SELECT 'kind', NULL, NULL, kind, count(*), NULL, NULL FROM ace_loc WHERE lt IS NOT NULL GROUP BY kind
    UNION ALL SELECT 'total', NULL, NULL, NULL, count(*) FILTER (WHERE lt IS NOT NULL), count(DISTINCT entrant) FILTER (WHERE lt IS NOT NULL),
      count(*) FILTER (WHERE lt IS NULL) FROM ace_loc`,
    p.values,
  );
  const cells = rows.filter((r) => r.part === 'cell').sort((a, b) => Number(a.dow) - Number(b.dow) || Number(a.hour) - Number(b.hour));
  const kinds = rows.filter((r) => r.part === 'kind');
  const totals = rows.find((r) => r.part === 'total');
  const grid = cells.map((c) => ({ dow: Number(c.dow), hour: Number(c.hour), responses: Number(c.n) }));
  const responses = Number(totals?.n ?? 0);
  const byHour = Array.from({ length: 24 }, (_, h) => grid.filter((c) => c.hour === h).reduce((n, c) => n + c.responses, 0));
  const byDay = Array.from({ length: 7 }, (_, d) => grid.filter((c) => c.dow === d + 1).reduce((n, c) => n + c.responses, 0));
  const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);
  const hour = argmax(byHour);
  const day = argmax(byDay);
  const byKind = Object.fromEntries(opts.responses.map((k) => [k, 0])) as Record<ResponseKind, number>;
  for (const k of kinds) byKind[k.kind as ResponseKind] = Number(k.n);
  return {
    segment: segment ? { id: segment.id, name: segment.name, version: segment.version } : null,
    responses,
    people: Number(totals?.people ?? 0),
    withoutZone: Number(totals?.without ?? 0),
    byKind,
    cells: grid,
    byHour,
    byDay,
    best:
      responses === 0
        ? null
        : {
            hour,
            hourResponses: byHour[hour]!,
            day: day + 1,
            dayName: DAYS[day]!,
            dayResponses: byDay[day]!,
            share: byHour[hour]! / responses,
          },
    note:
      responses === 0
        ? 'No responses yet: import message outcomes (opens, clicks, replies) or redemptions.'
        : responses < FEW_RESPONSES
          ? `Only ${responses} responses: the best hour is a weak guide until there are more.`
          : null,
  };
}
