import type { DatasetKind } from '../../contract/types';
import type { Writer } from '../db/client';
import { KINDS } from './kinds';
import { mappedRef, type Mapping } from './mapping';
import type { DateOrder } from './transform';

export interface DateDecision {
  order: DateOrder;
  /** How the file writes dates: ISO, slashed month/day, both, or none seen. */
  style: 'iso' | 'slash' | 'mixed' | 'none';
  ambiguous: boolean;
  note: string;
}

/** The refs of a kind's date and date-time columns that are mapped to the file. */
export function mappedDateRefs(kind: DatasetKind, headers: string[], refs: string[], mapping: Mapping): string[] {
  return KINDS[kind].columns
    .filter((c) => (c.type === 'date' || c.type === 'timestamp') && mapping[c.name])
    .flatMap((c) => {
      const ref = mappedRef(mapping[c.name]!, headers, refs);
      return ref ? [ref] : [];
    });
}

/**
 * Month/day or day/month is decided once per file, from every slashed date in every date column:
 * a first part over 12 means day/month, a second part over 12 means month/day; when nothing tells,
 * US month/day is assumed and the report says so.
 */
export async function decideDateOrder(
  w: Writer,
  kind: DatasetKind,
  headers: string[],
  refs: string[],
  mapping: Mapping,
  forced?: DateOrder,
): Promise<DateDecision> {
  const dateRefs = mappedDateRefs(kind, headers, refs, mapping);
  if (dateRefs.length === 0) return { order: forced ?? 'MDY', style: 'none', ambiguous: false, note: 'No date columns.' };
  const [row] = await w.run<Record<string, string | null>>(dateFormsSql(dateRefs, 'ace_stage'));
  let slash = 0;
  let iso = 0;
  let maxFirst = 0;
  let maxSecond = 0;
  dateRefs.forEach((_, i) => {
    slash += Number(row![`s${i}`] ?? 0);
    iso += Number(row![`i${i}`] ?? 0);
    maxFirst = Math.max(maxFirst, Number(row![`a${i}`] ?? 0));
    maxSecond = Math.max(maxSecond, Number(row![`b${i}`] ?? 0));
  });
  const style = slash && iso ? 'mixed' : slash ? 'slash' : iso ? 'iso' : 'none';
  if (forced)
    return {
      order: forced,
      style,
      ambiguous: false,
      note: `Dates read as ${forced === 'MDY' ? 'month/day/year' : 'day/month/year'}, as chosen.`,
    };
  if (slash === 0)
    return { order: 'MDY', style, ambiguous: false, note: iso ? 'Dates are ISO (year-month-day).' : 'No dates could be read.' };
  if (maxFirst > 12 && maxSecond > 12) {
    return {
      order: 'MDY',
      style,
      ambiguous: false,
      note: 'Dates mix month/day and day/month; rows that do not read as month/day are rejected.',
    };
  }
  if (maxFirst > 12) return { order: 'DMY', style, ambiguous: false, note: `Dates read as day/month/year (a first part is ${maxFirst}).` };
  if (maxSecond > 12)
    return { order: 'MDY', style, ambiguous: false, note: `Dates read as month/day/year (a second part is ${maxSecond}).` };
  return {
    order: 'MDY',
    style,
    ambiguous: true,
    note: 'Every date in the file fits both month/day and day/month; read as US month/day/year. Re-import with day/month if that is wrong.',
  };
}

/**
 * Per date column i of `from`: s{i} values starting as a slashed date (1-2 digits, a slash, 1-2 digits, a slash), the
 * largest first and second part among them (a{i}, b{i}), and i{i} values starting as ISO (4 digits, a dash or slash).
 * Both rules look at a value's first six characters after its leading spaces: the values are grouped by those first,
 * so the regexes run once per distinct start (a few hundred) instead of once per row. Only the start is trimmed:
 * trimming whole values took most of this pass (1M rows: 170 -> 50 ms).
 */
export function dateFormsSql(dateRefs: string[], from: string): string {
  const starts = dateRefs.map((r, i) => `left(ltrim(${r}), 6) AS t${i}`).join(', ');
  const split = dateRefs.map((_, i) => `regexp_extract(t${i}, '^([0-9]{1,2})/([0-9]{1,2})/', ['a', 'b']) AS m${i}`).join(', ');
  const parts = dateRefs.map(
    (_, i) => `coalesce(sum(n) FILTER (WHERE m${i}.a <> ''), 0) AS s${i}, max(try_cast(m${i}.a AS INTEGER)) AS a${i},
      max(try_cast(m${i}.b AS INTEGER)) AS b${i}, coalesce(sum(n) FILTER (WHERE regexp_matches(t${i}, '^[0-9]{4}[-/]')), 0) AS i${i}`,
  );
  return `SELECT ${parts.join(', ')} FROM (SELECT *, ${split} FROM (SELECT *, count(*) AS n FROM (SELECT ${starts} FROM ${from}) GROUP BY ALL))`;
}
