import type { SegmentRule } from '../../contract/segments';

/** Behaviour segments analysts expect out of the box; each opens as an editable rule. */
export const SEGMENT_TEMPLATES: { name: string; description: string; rule: SegmentRule }[] = [
  {
    name: 'Entered, not redeemed after 14 days',
    description: 'Their first entry is at least 14 days old and no coupon of theirs was redeemed within 14 days of it.',
    rule: { type: 'not_redeemed_within', days: 14 },
  },
  {
    name: 'Entered 3+ times',
    description: 'People with three or more entries.',
    rule: { type: 'number', field: 'entries', min: 3, max: null },
  },
  {
    name: 'High-value redeemers',
    description: 'Redeemed $200 or more in all.',
    rule: { type: 'number', field: 'redemption_amount', min: 200, max: null },
  },
  {
    name: 'Redeemers reachable by SMS',
    description: 'Redeemed at least once and may be texted.',
    rule: {
      all: [
        { type: 'redeemed', value: true },
        { type: 'reachable', channel: 'sms' },
      ],
    },
  },
  {
    name: 'Email opt-ins who never redeemed',
    description: 'May be emailed and have not redeemed.',
    rule: {
      all: [
        { type: 'reachable', channel: 'email' },
        { type: 'redeemed', value: false },
      ],
    },
  },
];
