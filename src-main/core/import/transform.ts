import type { DatasetKind } from '../../contract/types';
import type { SqlParams } from '../db/protocol';
import { KINDS, type ColumnSpec } from './kinds';
import { headerCurrency } from './headers';
import { eventSql } from './events';
import { MESSAGE_EVENTS } from '../../contract/types';
import { CHANNEL_SYNONYMS, MEDIA_TYPE_SYNONYMS, synonymSql } from './macros';
import { mappedHeaders, mappedRef, sourceOf, type Mapping } from './mapping';
import { currencyMismatchSql, type DecimalMark } from './numbers';
import { sqlText } from '../lib/sql-literal';

export type DateOrder = 'MDY' | 'DMY';

export interface TransformInput {
  kind: DatasetKind;
  headers: string[];
  /** SQL reference of each header's staged column, same order as headers. */
  refs: string[];
  mapping: Mapping;
  dateOrder: DateOrder;
  timezone: string;
  currency: string;
  /** The file's decimal mark (numbers.ts), decided once for the whole file. */
  decimal: DecimalMark;
  /** The reasons without their shortcut (tests hold the shortcut to them). */
  plainReasons?: boolean;
}

/** Which canonical columns land in the target table, in order (raw companions included). */
export function targetColumns(kind: DatasetKind): string[] {
  const cols = KINDS[kind].columns.map((c) => c.name);
  if (kind === 'entries' || kind === 'contacts') cols.push('phone_raw', 'email_raw');
  return cols;
}

/** The raw value, shortened, quoted for a reason text. */
const shown = (ref: string) => `'"' || left(trim(${ref}), 40) || '"'`;

function parseExpr(col: ColumnSpec, ref: string, t: TransformInput): string {
  // The column itself goes in (the macro treats "--" and "n/a" as empty): an expression as the argument
  // would be copied at each of the macro's many uses and take seconds to plan.
  const ts = `ace_ts_${t.dateOrder === 'DMY' ? 'dmy' : 'mdy'}(${ref}, '${t.timezone}')`;
  const dec = `'${t.decimal}'`;
  switch (col.type) {
    case 'text':
    case 'id':
      return `ace_blank(${ref})`;
    case 'keyword':
      return `ace_keyword(${ref})`;
    case 'email':
      return `ace_email(${ref})`;
    case 'phone':
      return `ace_phone(${ref})`;
    case 'zip':
      return `ace_zip(${ref})`;
    case 'money':
      // Discounts are amounts off: positive however the file signs them (Square writes -$2.00).
      return col.name === 'discount_amount' ? `abs(ace_money(${ref}, ${dec}))` : `ace_money(${ref}, ${dec})`;
    case 'count':
      return `ace_count(${ref}, ${dec})`;
    case 'age':
      return `ace_age(${ref})`;
    case 'bool':
      return `ace_bool(${ref})`;
    case 'date':
      return `(${ts})::DATE`;
    case 'timestamp':
      return ts;
    case 'lower':
      return synonymSql(`ace_lower(${ref})`, col.name === 'media_type' ? MEDIA_TYPE_SYNONYMS : CHANNEL_SYNONYMS);
    case 'currency':
      return `upper(ace_blank(${ref}))`;
    case 'latlon':
      return `ace_latlon(${ref}, ${col.name === 'lat' ? 90 : 180}, ${dec})`;
    case 'event':
      return eventSql(ref);
  }
}

/** The SQL type of each parsed column type (an unmapped column is a typed NULL). */
const SQL_TYPES: Record<string, string> = {
  text: 'VARCHAR',
  id: 'VARCHAR',
  keyword: 'VARCHAR',
  email: 'VARCHAR',
  phone: 'VARCHAR',
  zip: 'VARCHAR',
  lower: 'VARCHAR',
  currency: 'VARCHAR',
  money: 'DECIMAL(18,2)',
  count: 'BIGINT',
  age: 'INTEGER',
  bool: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  latlon: 'DOUBLE',
  event: 'VARCHAR',
};

const isDollar = (c: string) => ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'].includes(c);
/** Why a number did not read: the file's decimal mark, so "12,50" in a file of points says so. */
const numberWhy = (d: DecimalMark) =>
  d === '.'
    ? ' (this file writes numbers with a decimal point, like 1,234.50)'
    : ' (this file writes numbers with a decimal comma, like 1.234,50)';

/**
 * Types whose parsed value, when there is one, shows that the raw value is not blank as the reasons test it
 * (ace_blank for text and ids, ace_num_blank for the rest: their macros give NULL for what it calls blank). A
 * keyword is not one: it drops only ASCII whitespace, trim also the no-break space.
 */
const READ_MEANS_FILLED = new Set(['text', 'id', 'timestamp', 'date', 'money', 'count']);
/** Types whose parsed value shows that ace_blank of the raw value is not NULL (an email needs an @, a phone digits). */
const READ_MEANS_PRESENT = new Set(['text', 'id', 'email', 'phone']);

/** Types whose unreadable values reject the row (they feed money, counts and dates). */
const STRICT = new Set(['money', 'count', 'date', 'timestamp', 'latlon']);
const TYPE_WORDS: Record<string, string> = {
  money: 'an amount of money',
  count: 'a whole number',
  date: 'a date',
  timestamp: 'a date and time',
  latlon: 'a coordinate',
};

/**
 * SELECT over ace_stage giving, per record: ace_line, every canonical column parsed, attrs (unmapped
 * columns as JSON), ace_reason (why the row is rejected, or NULL), ace_key (what makes two rows the
 * same record) and ace_raw (the original values, for rejects). Header names only ever travel as bound
 * parameters; identifiers are generated or quoted.
 */
export function transformSql(t: TransformInput, from = 'ace_stage'): { sql: string; params: SqlParams; warnings: string[] } {
  const spec = KINDS[t.kind];
  const params: SqlParams = [];
  const refOf = (value: string | undefined) => (value === undefined ? undefined : mappedRef(value, t.headers, t.refs));
  const parsed = new Map<string, string>();
  const raw = new Map<string, string>();
  for (const col of spec.columns) {
    const ref = refOf(t.mapping[col.name]);
    raw.set(col.name, ref ?? 'NULL');
    parsed.set(col.name, ref ? parseExpr(col, ref, t) : `NULL::${SQL_TYPES[col.type]}`);
  }
  // Each column's parse as its type says, before the kinds below read some from other columns.
  const byType = new Map(parsed);
  if (t.kind === 'message_events') {
    // A message's recipient: the channel says what the address is; without one, the address does ("@" is email).
    const r = raw.get('address')!;
    const ch = parsed.get('channel')!;
    const channel = `coalesce(${ch}, CASE WHEN contains(${r}, '@') THEN 'email' WHEN ace_phone(${r}) IS NOT NULL THEN 'sms' END)`;
    parsed.set('channel', channel);
    parsed.set(
      'address',
      `CASE ${channel} WHEN 'email' THEN ace_email(${r}) WHEN 'sms' THEN ace_phone(${r}) WHEN 'push' THEN ace_blank(${r}) END`,
    );
  }
  if (t.kind === 'replies') {
    // Where a reply came in: the file's channel, else its address (a phone alone is a text, an email alone an email).
    const ch = parsed.get('channel')!;
    const [email, phone] = [parsed.get('email')!, parsed.get('phone')!];
    parsed.set(
      'channel',
      `coalesce(${ch}, CASE WHEN ${email} IS NULL AND ${phone} IS NOT NULL THEN 'sms' WHEN ${phone} IS NULL AND ${email} IS NOT NULL THEN 'email' END)`,
    );
  }
  if (t.kind === 'optouts') {
    // The address is read as what its channel says: an email, a phone, or either for 'all'; push keeps device tokens as written.
    const r = raw.get('address')!;
    parsed.set(
      'address',
      `CASE ${parsed.get('channel')} WHEN 'email' THEN ace_email(${r}) WHEN 'sms' THEN ace_phone(${r})
         WHEN 'all' THEN coalesce(ace_email(${r}), ace_phone(${r})) WHEN 'push' THEN ace_blank(${r}) END`,
    );
  }

  // Each value is parsed once, in an inner SELECT (ace_p_<column>); the reasons, flags and raw columns
  // below read those results instead of parsing again (the checking step took twice as long).
  const P = (name: string) => `ace_p_${name}`;
  const reasons: string[] = [];
  // What shows, without reading any raw value again, that no reason applies (one entry per reason; null: nothing cheap).
  const clear: (string | null)[] = [];
  const typeOf = (name: string) => spec.columns.find((c) => c.name === name)!.type;
  const shows = (name: string, types: Set<string>) => types.has(typeOf(name)) && parsed.get(name) === byType.get(name);
  for (const name of spec.required) {
    // "--" and "n/a" are no value in a number or date column.
    const blankFn = STRICT.has(typeOf(name)) ? 'ace_num_blank' : 'ace_blank';
    reasons.push(`WHEN ${blankFn}(${raw.get(name)}) IS NULL THEN ${sqlText(`Missing ${name}.`)}`);
    clear.push(shows(name, READ_MEANS_FILLED) ? `${P(name)} IS NOT NULL` : null);
  }
  if (spec.oneOfPerRow) {
    for (const group of spec.oneOf) {
      reasons.push(
        `WHEN ${group.map((g) => `ace_blank(${raw.get(g)}) IS NULL`).join(' AND ')} THEN ${sqlText(`Neither ${group.join(' nor ')}: the row cannot be tied to a person.`)}`,
      );
      clear.push(group.every((g) => shows(g, READ_MEANS_PRESENT)) ? `(${group.map((g) => `${P(g)} IS NOT NULL`).join(' OR ')})` : null);
    }
  }
  for (const col of spec.columns) {
    if (col.type !== 'money' || !t.mapping[col.name]) continue;
    // No silent FX: an amount in another currency than the workspace's is rejected with the reason.
    const header = t.mapping[col.name]!;
    const named = 'header' in sourceOf(header, t.headers) ? headerCurrency(header) : null;
    if (named && named !== t.currency && !(named === '$' && isDollar(t.currency))) {
      reasons.push(
        `WHEN ace_num_blank(${raw.get(col.name)}) IS NOT NULL THEN ${sqlText(`${col.name}: the column "${header}" is in ${named}, the workspace is in ${t.currency}; convert the amounts before importing (no exchange rate is applied).`)}`,
      );
      clear.push(null);
    }
    const cur = `ace_money_cur(${raw.get(col.name)})`;
    reasons.push(
      `WHEN ${currencyMismatchSql(cur, t.currency)} THEN ${sqlText(`${col.name} `)} || ${shown(raw.get(col.name)!)} || ' is in ' || ${cur} || ${sqlText(`, the workspace is in ${t.currency}; convert the amount before importing (no exchange rate is applied).`)}`,
    );
    clear.push(null);
  }
  for (const col of spec.columns) {
    if (!STRICT.has(col.type) || !t.mapping[col.name]) continue;
    const why = col.type === 'money' || col.type === 'count' || col.type === 'latlon' ? numberWhy(t.decimal) : '';
    reasons.push(
      `WHEN ace_num_blank(${raw.get(col.name)}) IS NOT NULL AND ${P(col.name)} IS NULL THEN ${sqlText(`Cannot read ${col.name} `)} || ${shown(raw.get(col.name)!)} || ${sqlText(` as ${TYPE_WORDS[col.type]}${why}.`)}`,
    );
    clear.push(`(${P(col.name)} IS NOT NULL OR ${raw.get(col.name)} IS NULL)`);
  }
  if (t.kind === 'spend' && t.mapping.currency) {
    reasons.push(
      `WHEN ${P('currency')} IS NOT NULL AND ${P('currency')} <> '${t.currency}' THEN 'Currency ' || ${P('currency')} || ${sqlText(` is not the workspace currency (${t.currency}); convert the amount before importing.`)}`,
    );
  }
  if (t.kind === 'optouts') {
    reasons.push(
      `WHEN ${P('channel')} NOT IN ('email', 'sms', 'push', 'all') THEN 'Unknown opt-out channel ' || ${shown(raw.get('channel')!)} || ' (use email, sms, push or all).'`,
    );
    reasons.push(
      `WHEN ${P('address')} IS NULL THEN 'Cannot read the address ' || ${shown(raw.get('address')!)} || ' for channel ' || ${P('channel')} || '.'`,
    );
  }
  if (t.kind === 'message_events') {
    reasons.push(
      `WHEN ${P('event')} IS NULL THEN 'Cannot read the event ' || ${shown(raw.get('event')!)} || ${sqlText(` as an outcome (${MESSAGE_EVENTS.join(', ')}).`)}`,
    );
    reasons.push(
      `WHEN ${P('channel')} IS NULL OR ${P('channel')} NOT IN ('email', 'sms', 'push') THEN 'Cannot tell the channel of ' || ${shown(raw.get('address')!)} || ' (email, sms or push).'`,
    );
    reasons.push(
      `WHEN ${P('address')} IS NULL THEN 'Cannot read the address ' || ${shown(raw.get('address')!)} || ' as an ' || ${P('channel')} || ' address.'`,
    );
  }
  // The other kinds' own reasons (spend's currency, opt-outs, message events) have no such shortcut.
  const own = reasons.length - clear.length;
  const cheap = !t.plainReasons && own === 0 && clear.length > 0 && clear.every((c) => c !== null);
  const shortcut = cheap ? `WHEN ${clear.join(' AND ')} THEN NULL ` : '';
  const reason = reasons.length ? `CASE ${shortcut}${reasons.join('\n  ')} END` : 'NULL';

  const select: string[] = ['ace_line'];
  for (const col of spec.columns) select.push(`${P(col.name)} AS ${col.name}`);
  if (t.kind === 'entries' || t.kind === 'contacts') {
    select.push(`CASE WHEN ${P('phone')} IS NULL THEN ace_blank(${raw.get('phone')}) END AS phone_raw`);
    select.push(`CASE WHEN ${P('email')} IS NULL THEN ace_blank(${raw.get('email')}) END AS email_raw`);
  }
  const used = mappedHeaders(t.mapping, t.headers);
  const extras = t.headers.map((h, i) => [h, t.refs[i]!] as const).filter(([h]) => !used.has(h));
  if (extras.length) {
    select.push(`json_object(${extras.map(([, ref]) => `?, ace_blank(${ref})`).join(', ')}) AS attrs`);
    for (const [h] of extras) params.push(h);
  } else select.push('NULL::JSON AS attrs');
  select.push('ace_reason');
  // Values kept but worth a word in the report, flagged in the same pass (ace_w0, ace_w1, ...).
  const warnings: string[] = [];
  const flag = (sql: string, text: string) => {
    select.push(`(${sql}) AS ace_w${warnings.length}`);
    warnings.push(text);
  };
  for (const col of spec.columns) {
    const r = raw.get(col.name)!;
    if (r === 'NULL') continue;
    // A value written but not read: the raw value is only looked at where nothing was read (a CASE, unlike AND,
    // evaluates its branch for those rows alone).
    const unread = `CASE WHEN ${P(col.name)} IS NULL THEN ace_blank(${r}) IS NOT NULL ELSE false END`;
    if (col.type === 'bool') flag(unread, `${col.name}: {n} values are neither yes nor no; they count as unknown (not consented).`);
    if (col.type === 'age') flag(unread, 'age: {n} values are not an age from 0 to 120; left empty.');
    if (col.type === 'zip') {
      flag(`ace_zip_repaired(${r})`, 'zip: {n} zip codes had lost their leading zeros (e.g. 2134); restored to five digits.');
      flag(
        `${P(col.name)} IS NOT NULL AND NOT regexp_full_match(${P(col.name)}, '[0-9]{5}')`,
        'zip: {n} values are not US zip codes; kept as written and shown as unknown on maps.',
      );
    }
    if ((col.type === 'phone' || col.type === 'email') && t.kind !== 'optouts') {
      flag(
        unread,
        `${col.name}: {n} values are not ${col.type === 'phone' ? 'valid phone numbers' : 'email addresses'}; kept as written, not used to recognise people or to send.`,
      );
    }
  }
  select.push(`CASE WHEN ace_reason IS NOT NULL THEN json_object(${t.headers.map((_, i) => `?, ${t.refs[i]}`).join(', ')}) END AS ace_raw`);
  params.push(...t.headers);
  // Parameters bind in text order: the inner SELECT has none (parsing uses literals), so these stay in order.
  const inner = `SELECT *, ${spec.columns.map((col) => `${parsed.get(col.name)} AS ${P(col.name)}`).join(',\n  ')} FROM ${from}`;
  // The reason has a SELECT of its own: ace_raw names it, and a name used in the same list is its expression again.
  const reasoned = `SELECT *, ${reason} AS ace_reason FROM (${inner})`;
  return { sql: `SELECT ${select.join(',\n  ')} FROM (${reasoned})`, params, warnings };
}

/** What makes two rows the same record, over canonical columns (of the parsed rows or of the target table). */
export function keySql(kind: DatasetKind): string | null {
  const hash = (cols: string[]) => `'H' || left(md5(concat_ws('|', ${cols.map((c) => `coalesce(${c}::VARCHAR, '')`).join(', ')})), 20)`;
  switch (kind) {
    case 'entries':
      return `coalesce(entry_id, ${hash(['entered_at', 'email', 'phone', 'phone_raw', 'keyword', 'media_buy_id', 'source', 'coupon_code'])})`;
    case 'redemptions':
      return `coalesce(redemption_id, ${hash(['redeemed_at', 'coupon_code', 'store_id', 'order_amount', 'discount_amount'])})`;
    case 'media_buys':
      return 'media_buy_id';
    case 'stores':
      return 'store_id';
    case 'contacts':
      // The extra columns count too: the same person in two lists keeps both lists' values.
      return hash([
        'email',
        'phone',
        'phone_raw',
        'email_raw',
        'first_name',
        'last_name',
        'zip',
        'email_opt_in',
        'sms_opt_in',
        'source',
        'opted_in_at',
        'attrs',
      ]);
    case 'optouts':
      return hash(['channel', 'address', 'opted_out_at', 'reason']);
    case 'message_events':
      // A service's own event id when the file has one (SendGrid's sg_event_id), else the event's content.
      return `coalesce(event_id, ${hash(['event', 'channel', 'address', 'occurred_at', 'push_id', 'message_id', 'url'])})`;
    case 'replies':
      return `coalesce(reply_id, ${hash(['received_at', 'channel', 'email', 'phone', 'question', 'text'])})`;
    case 'spend':
      return null;
  }
}
