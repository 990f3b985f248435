import type { PIVOT_DIMENSIONS, PIVOT_NUMBERS, PivotFieldInfo } from '../../contract/pivot';
import { attrPath } from '../derived/custom-columns';
import { AceError } from '../lib/errors';
import type { Params } from '../lib/params';

/**
 * The allow-list of Explore: every field a pivot can use, as SQL over `p`, the flat table
 * pivot_entries (core/derived/pivot-table.ts). Keys are cheap columns (dates as DATE, opt-ins as BOOLEAN, derived columns
 * precomputed) grouped as they are and formatted as text only after aggregation.
 * Nothing a person types becomes SQL: field ids pick from this table, custom attribute names and
 * values are bound parameters.
 */
interface FieldDef {
  label: string;
  kind: 'dimension' | 'number';
  group: PivotFieldInfo['group'];
  sql: string;
  /** The grouped value as text (default: as it is). */
  fmt?: (x: string) => string;
  /** For ranges over time dimensions: the timestamp they come from. */
  time?: boolean;
}

/**
 * Pushes and message outcomes as person fields, read when the pivot runs (pushes and events change without an
 * import, so they are not in the flat table): the entrant's latest push (sent, or held out to measure the
 * lift), and how far they went with any message the services report (docs/outcomes.md).
 */
const PUSH_GROUP = `coalesce((SELECT CASE arg_max(pc.status, ps.created_at) WHEN 'accepted' THEN 'sent' WHEN 'held_out' THEN 'held out' END
  FROM push_contacts pc JOIN pushes ps USING (push_id)
  WHERE pc.entrant = p.entrant AND pc.status IN ('accepted', 'held_out') AND NOT coalesce(ps.dry_run, false)), 'not in a push')`;
const EVENT_NODE = `CASE e.channel WHEN 'email' THEN hash('e:' || e.address) WHEN 'sms' THEN hash('p:' || e.address) END`;
const MESSAGE_RESPONSE = `coalesce((SELECT CASE max(CASE e.event WHEN 'clicked' THEN 5 WHEN 'replied' THEN 5 WHEN 'opened' THEN 4
      WHEN 'unsubscribed' THEN 3 WHEN 'complained' THEN 3 WHEN 'delivered' THEN 2 WHEN 'sent' THEN 1 WHEN 'bounced' THEN 0 END)
    WHEN 5 THEN 'clicked or replied' WHEN 4 THEN 'opened' WHEN 3 THEN 'opted out' WHEN 2 THEN 'delivered' WHEN 1 THEN 'sent' WHEN 0 THEN 'bounced' END
  FROM message_events e LEFT JOIN identity_labels l ON l.node = ${EVENT_NODE}
  WHERE coalesce(l.label, ${EVENT_NODE}) = p.entrant), 'no message events')`;

/**
 * An entry's validity under the latest official rules (core/rules/validity-table.ts), read when the pivot
 * runs: saving rules must not rebuild the flat table. The caller makes entry_validity ready (pivot/ready.ts).
 */
const VALIDITY = `(SELECT CASE WHEN len(v.reasons) = 0 THEN 'valid' ELSE 'invalid' END FROM entry_validity v WHERE v.entry_key = p.entry_key)`;
const INVALID_REASONS = `(SELECT nullif(array_to_string(list_transform(v.reasons, lambda r: replace(r, '_', ' ')), ', '), '')
  FROM entry_validity v WHERE v.entry_key = p.entry_key)`;

const yesNo = (x: string) => `CASE WHEN ${x} THEN 'yes' WHEN NOT ${x} THEN 'no' END`;
const ymd = (x: string) => `strftime(${x}, '%Y-%m-%d')`;

/**
 * Tied to the contract's field lists by type: a field the contract accepts but the core cannot read
 * (or one the core reads that the contract never lets through), or a field of the wrong kind, does not
 * compile.
 */
type FieldTable = { [K in (typeof PIVOT_DIMENSIONS)[number]]: FieldDef & { kind: 'dimension' } } & {
  [K in (typeof PIVOT_NUMBERS)[number]]: FieldDef & { kind: 'number' };
};

export const FIELDS: FieldTable = {
  channel: { label: 'Channel', kind: 'dimension', group: 'Campaign', sql: 'p.channel' },
  keyword: { label: 'Keyword', kind: 'dimension', group: 'Campaign', sql: 'p.keyword' },
  media_buy: { label: 'Media buy', kind: 'dimension', group: 'Campaign', sql: 'p.media_buy_id' },
  media_type: { label: 'Media type', kind: 'dimension', group: 'Campaign', sql: 'p.media_type' },
  market: { label: 'Market', kind: 'dimension', group: 'Campaign', sql: 'p.market' },
  zip: { label: 'Zip', kind: 'dimension', group: 'Geography', sql: 'p.zip' },
  zip3: { label: 'Zip3', kind: 'dimension', group: 'Geography', sql: 'p.zip3' },
  state: { label: 'State', kind: 'dimension', group: 'Geography', sql: 'p.state' },
  age_band: { label: 'Age band', kind: 'dimension', group: 'Person', sql: 'p.age_band' },
  product_affinity: { label: 'Product affinity', kind: 'dimension', group: 'Person', sql: 'p.product_affinity' },
  purchase_timeframe: { label: 'Purchase timeframe', kind: 'dimension', group: 'Person', sql: 'p.purchase_timeframe' },
  email_opt_in: { label: 'Email opt-in', kind: 'dimension', group: 'Person', sql: 'p.email_opt_in', fmt: yesNo },
  sms_opt_in: { label: 'SMS opt-in', kind: 'dimension', group: 'Person', sql: 'p.sms_opt_in', fmt: yesNo },
  entry_day: { label: 'Entry day', kind: 'dimension', group: 'Time', sql: 'p.day', fmt: ymd, time: true },
  entry_week: { label: 'Entry week', kind: 'dimension', group: 'Time', sql: 'p.week', fmt: ymd, time: true },
  entry_month: {
    label: 'Entry month',
    kind: 'dimension',
    group: 'Time',
    sql: 'p.month',
    fmt: (x) => `strftime(${x}, '%Y-%m')`,
    time: true,
  },
  store: { label: 'Store (first redemption)', kind: 'dimension', group: 'Redemption', sql: 'p.rr_store' },
  redeemed: { label: 'Redeemed', kind: 'dimension', group: 'Redemption', sql: 'p.redeemed', fmt: yesNo },
  push_group: { label: 'Push group (latest push)', kind: 'dimension', group: 'Messages', sql: PUSH_GROUP },
  message_response: { label: 'Message response', kind: 'dimension', group: 'Messages', sql: MESSAGE_RESPONSE },
  validity: { label: 'Validity (official rules)', kind: 'dimension', group: 'Rules', sql: VALIDITY },
  invalid_reasons: { label: 'Why invalid', kind: 'dimension', group: 'Rules', sql: INVALID_REASONS },
  age: { label: 'Age', kind: 'number', group: 'Person', sql: 'p.age' },
  redemptions: { label: 'Redemptions of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_n' },
  revenue: { label: 'Revenue of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_revenue' },
  discounts: { label: 'Discounts of the entry', kind: 'number', group: 'Redemption', sql: 'p.rr_discounts' },
  days_to_redeem: {
    label: 'Days to first redemption',
    kind: 'number',
    group: 'Redemption',
    sql: `date_diff('day', p.day, p.rr_first_redeemed::DATE)`,
  },
};

export interface ResolvedField {
  id: string;
  label: string;
  kind: 'dimension' | 'number';
  /** SQL of the value to group by (numbers as DOUBLE for custom attributes). */
  sql: string;
  /** The value as shown and as filters compare it: text. */
  fmt: (x: string) => string;
  time: boolean;
}

/** A field id to its SQL; custom attributes read the entry's attrs JSON at a bound path. */
export function resolveField(id: string, p: Params, as: 'dimension' | 'number' = 'dimension'): ResolvedField {
  if (id.startsWith('attr:')) {
    const name = id.slice(5);
    const path = p.add(attrPath(name));
    const text = `nullif(trim(json_extract_string(p.attrs, ${path})), '')`;
    return { id, label: name, kind: as, sql: as === 'number' ? `TRY_CAST(${text} AS DOUBLE)` : text, fmt: (x) => x, time: false };
  }
  const f: FieldDef | undefined = Object.prototype.hasOwnProperty.call(FIELDS, id) ? FIELDS[id as keyof FieldTable] : undefined;
  if (!f) throw new AceError('BAD_INPUT', `Unknown field "${id}".`);
  return { id, label: f.label, kind: f.kind, sql: f.sql, fmt: f.fmt ?? ((x) => x), time: !!f.time };
}

export function relationSql(): string {
  return 'pivot_entries p';
}

export function builtInFields(): PivotFieldInfo[] {
  return Object.entries(FIELDS).map(([id, f]) => ({ id, label: f.label, kind: f.kind, group: f.group }));
}
