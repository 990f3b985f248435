import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeCtes } from '../../../src-main/core/geo/local-time';
import type { Session } from '../../../src-main/core/session';
import { emptySession } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * The local time of many instants by one lookup per zone and hour (geo/local-time.ts) equals DuckDB's own
 * conversion of each row, in zones whose transitions fall on the hour, the half hour and the quarter hour, whose
 * daylight saving moves the clock by half an hour, that skipped a day, and that have no daylight saving at all:
 * over a year at steps that land on every minute of the hour, and every 37 seconds around each transition.
 */
const dir = tempDir('ace-local-time-');
const ZONES = [
  'America/New_York',
  'America/Phoenix',
  'America/St_Johns',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Honolulu',
];

describe('each instant in its own time zone', () => {
  let s: Session;
  beforeAll(async () => {
    s = await emptySession(dir);
    const zones = ZONES.map((z) => `('${z}')`).join(', ');
    await s.requireDb().write(async (w) => {
      await w.run(`CREATE TABLE lt_zones AS SELECT * FROM (VALUES ${zones}) v(tz)`);
      // Every hour of 2011 (Apia skipped 30 December) and 2026 where the zone's offset differs from the next hour's.
      await w.run(`CREATE TABLE lt_moves AS
        SELECT tz, h FROM (
          SELECT tz, h, timezone(tz, timezone('UTC', h)) - h AS o,
            timezone(tz, timezone('UTC', h + INTERVAL 1 HOUR)) - (h + INTERVAL 1 HOUR) AS o_next
          FROM lt_zones, (SELECT unnest(generate_series(TIMESTAMP '2011-01-01', TIMESTAMP '2011-12-31 23:00', INTERVAL 1 HOUR)) AS h
                          UNION ALL SELECT unnest(generate_series(TIMESTAMP '2026-01-01', TIMESTAMP '2026-12-31 23:00', INTERVAL 1 HOUR))))
        WHERE o <> o_next`);
      await w.run(`CREATE TABLE lt_rows AS
        SELECT tz, TIMESTAMP '2026-01-01' + to_microseconds(i * 1757123457) AS u FROM lt_zones, range(18000) r(i)
        UNION ALL SELECT m.tz, m.h + to_microseconds(j * 37000001) FROM lt_moves m, range(-200, 300) r(j)
        UNION ALL SELECT NULL, TIMESTAMP '2026-06-01 12:00'
        UNION ALL SELECT 'Europe/London', NULL`);
    });
  });
  afterAll(() => s.close());

  it('finds the transitions it is tested on', async () => {
    const [m] = await s.requireDb().rows<{ n: bigint; zones: bigint }>(`SELECT count(*) AS n, count(DISTINCT tz) AS zones FROM lt_moves`);
    // New York, St John's, London, Lord Howe, Chatham and Apia change twice a year (Apia also skipped a day in 2011).
    expect(Number(m!.zones)).toBe(6);
    expect(Number(m!.n)).toBeGreaterThanOrEqual(22);
  });

  it('gives every row the time DuckDB gives it alone, to the microsecond', async () => {
    const [r] = await s.requireDb().rows<{ n: bigint; differ: bigint; without: bigint; moved: bigint }>(
      `WITH ${localTimeCtes('t', `SELECT tz, u FROM lt_rows`)}
      SELECT count(*) AS n,
        count(*) FILTER (WHERE lt IS DISTINCT FROM timezone(tz, timezone('UTC', u))) AS differ,
        count(*) FILTER (WHERE lt IS NULL) AS without,
        count(*) FILTER (WHERE date_trunc('hour', u) IN (SELECT h FROM lt_moves m WHERE m.tz = t.tz)) AS moved
      FROM t`,
    );
    expect(Number(r!.n)).toBeGreaterThan(ZONES.length * 18000);
    expect(Number(r!.differ)).toBe(0);
    // Without a zone or an instant: no local time.
    expect(Number(r!.without)).toBe(2);
    // Rows inside the hours of a transition were there to be checked.
    expect(Number(r!.moved)).toBeGreaterThan(1000);
  });
});
