/**
 * Many instants, each in the time zone of its own person, in SQL.
 *
 * DuckDB's `timezone(zone, instant)` costs about 0.15 µs a row when the zone is a constant and 2.5–4 µs when it
 * comes from a column (the zone is built again for every row, however few distinct zones there are): the best
 * time to send moves about 2M responses into their people's zones at 10M entries, 5–7 s that way, three times.
 * A zone's offset from UTC only changes at its transitions (daylight saving, a change of law), months apart; so
 * the offset is looked up once per zone and hour of UTC, at the hour's start and at its end. Where the two agree
 * no transition falls inside that hour, and every instant in it has that offset: its local time is the instant
 * plus the offset, exactly. Where they differ (the hour of a transition; zones whose transitions fall on the half
 * hour too) each row of that hour is converted on its own.
 */

/** The workspace's time zone (ace_meta's `timezone`: campaign time), as a SQL expression. */
export const WORKSPACE_TZ = `(SELECT value FROM ace_meta WHERE key = 'timezone')`;

/**
 * CTEs named `${name}_in`, `${name}_zo` and `${name}`: `${name}` is every row of `rows` (a SELECT with at least
 * `tz`, a zone name or NULL, and `u`, the instant as a UTC TIMESTAMP) with `lt`, the instant's wall-clock time in
 * `tz` (NULL where `tz` or `u` is NULL). Equal to `timezone(tz, timezone('UTC', u))` on every row
 * (tests/unit/geo/local-time.test.ts).
 */
export function localTimeCtes(name: string, rows: string): string {
  return `${name}_in AS (${rows}),
    ${name}_zo AS (
      SELECT tz, b, timezone(tz, timezone('UTC', b)) - b AS o0,
        timezone(tz, timezone('UTC', b + INTERVAL 1 HOUR)) - (b + INTERVAL 1 HOUR) AS o1
      FROM (SELECT DISTINCT tz, date_trunc('hour', u) AS b FROM ${name}_in WHERE tz IS NOT NULL AND u IS NOT NULL)),
    ${name} AS (
      SELECT i.*, CASE WHEN i.tz IS NULL OR i.u IS NULL THEN NULL WHEN z.o0 = z.o1 THEN i.u + z.o0
        ELSE timezone(i.tz, timezone('UTC', i.u)) END AS lt
      FROM ${name}_in i LEFT JOIN ${name}_zo z ON z.tz = i.tz AND z.b = date_trunc('hour', i.u))`;
}
