import type { SegmentCondition, SegmentRule } from '../../../src-main/contract/segments';

/** The editor's shape of a rule: one list of conditions, all or any of them, each maybe negated. */
export interface Draft {
  combine: 'all' | 'any';
  items: { cond: SegmentCondition; negate: boolean }[];
}

export const EMPTY: Draft = { combine: 'all', items: [] };

export function toRule(d: Draft): SegmentRule {
  const items = d.items.map((i) => (i.negate ? { not: i.cond } : i.cond));
  return d.combine === 'all' ? { all: items } : items.length ? { any: items } : { all: [] };
}

/** A saved rule in the editor's shape, or null when it is nested deeper (edit it as JSON then). */
export function fromRule(r: SegmentRule): Draft | null {
  const list = 'all' in r ? { combine: 'all' as const, items: r.all } : 'any' in r ? { combine: 'any' as const, items: r.any } : { combine: 'all' as const, items: [r] };
  const items: Draft['items'] = [];
  for (const x of list.items) {
    if ('type' in x) items.push({ cond: x, negate: false });
    else if ('not' in x && 'type' in x.not) items.push({ cond: x.not, negate: true });
    else return null;
  }
  return { combine: list.combine, items };
}

export const CONDITION_TYPES: { type: SegmentCondition['type']; label: string; make: () => SegmentCondition }[] = [
  { type: 'response', label: 'Entered through (channel, keyword, media buy, media type)', make: () => ({ type: 'response', field: 'channel', values: ['sms'] }) },
  { type: 'answer', label: 'Answered (zip, state, market, affinity, timeframe)', make: () => ({ type: 'answer', field: 'product_affinity', values: ['running'] }) },
  { type: 'number', label: 'Number of entries, redemptions, amount, age', make: () => ({ type: 'number', field: 'entries', min: 2, max: null }) },
  { type: 'entered', label: 'First or last entry between dates', make: () => ({ type: 'entered', first: false, from: null, to: null }) },
  { type: 'redeemed', label: 'Redeemed or not', make: () => ({ type: 'redeemed', value: true }) },
  { type: 'not_redeemed_within', label: 'Not redeemed within N days of entering', make: () => ({ type: 'not_redeemed_within', days: 14 }) },
  { type: 'near', label: 'Lives within N miles of a store or zip', make: () => ({ type: 'near', zip: '02134', miles: 10 }) },
  { type: 'reachable', label: 'May be messaged (consent)', make: () => ({ type: 'reachable', channel: 'email' }) },
];

export const EXPORT_COLUMNS = ['entrant_id', 'zip', 'state', 'age', 'entries', 'first_entry', 'last_entry', 'redemptions', 'redemption_amount', 'reachable_email', 'reachable_sms'] as const;
export const PII_COLUMNS = ['first_name', 'last_name', 'email', 'phone'] as const;
