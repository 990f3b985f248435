import type { OfficialRules } from '../../contract/rules';
import type { Statement } from '../db/protocol';
import type { DemoSpec } from './generate';
import { DEMO_IMPORT_ID } from './generate';
import { BUYS, CAMPAIGN_START, MARKETS } from './plan';

/**
 * What keeps the demo's sweepstakes honest, so the Winner draw screen has real work on first launch: official
 * rules saved as version 1, and entries planted among the generated ones that break them or look like fraud
 * (docs/rules.md). One ring of each per 50,000 entries (at least one):
 *
 * - numbered addresses at a throwaway domain, seconds apart (patterned_addresses, disposable_email);
 * - one Gmail mailbox written three ways (mailbox_variants);
 * - four email addresses entered with one phone within a minute (shared_phone, burst: one person by identity);
 * - late entries after the period closed (outside_period);
 * and once, two of the retailer's staff (excluded by the rules) and an exclusion line that matches nobody.
 */
export const DEMO_STAFF = ['m.ortiz@aceshoes.example', 'd.chen@aceshoes.example'];

export const DEMO_RULES: OfficialRules = {
  entryPeriod: { start: '2026-03-02', end: '2026-05-31' },
  limits: { perDay: 1, perCampaign: null, perKeyword: null },
  minAge: 18,
  // The markets' states and their neighbours; everywhere else "void where prohibited".
  eligibleStates: ['MA', 'NH', 'RI', 'CT', 'NY', 'NJ', 'PA', 'IL', 'IN', 'WI', 'GA', 'TX', 'CO'],
  excluded: [...DEMO_STAFF, 'j.pratt@aceshoes.example'],
  odds: 'entry',
  claimDays: 14,
  prizes: [
    { tier: 'Grand prize: a trip for two to the Boston Marathon', count: 1, arv: 5000 },
    { tier: 'First prize: $500 gift card', count: 3, arv: 500 },
    { tier: 'Second prize: $25 gift card', count: 50, arv: 25 },
  ],
};

const STEMS = ['luckywin', 'prizehunter', 'freeshoes', 'sweepsfan', 'winbig', 'shoeluck'];
/** Names without numbers: numbered ones in a row would themselves look like a pattern. */
const NAMES = ['jordan.reyes', 'casey.morgan', 'riley.brooks', 'taylor.quinn', 'avery.hughes', 'morgan.blake', 'drew.patel', 'sky.nolan'];
const name = (k: number) => `${NAMES[k % NAMES.length]}${k >= NAMES.length ? String.fromCharCode(97 + Math.floor(k / NAMES.length)) : ''}`;

interface Planted {
  at: string;
  email: string | null;
  phone: string | null;
  buy: number;
}

function plantedEntries(rings: number): Planted[] {
  const out: Planted[] = [];
  const day = (d: number, hms: string) => {
    const t = new Date(`${CAMPAIGN_START}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + d);
    return `${t.toISOString().slice(0, 10)} ${hms}`;
  };
  for (let k = 0; k < rings; k++) {
    const stem = `${STEMS[k % STEMS.length]}${k >= STEMS.length ? String.fromCharCode(97 + Math.floor(k / STEMS.length)) : ''}`;
    const d = 5 + ((k * 11) % 80);
    for (let i = 1; i <= 5; i++)
      out.push({ at: day(d, `21:14:${String(i * 9).padStart(2, '0')}`), email: `${stem}${i}@mailinator.com`, phone: null, buy: k });
    const box = name(k);
    const [first, last] = box.split('.') as [string, string];
    for (const [i, email] of [
      `${box}@gmail.com`,
      `${first}${last}+shoes@gmail.com`,
      `${first.split('').join('.')}.${last}@googlemail.com`,
    ].entries())
      out.push({ at: day(d + 1 + i, '12:30:00'), email, phone: null, buy: k + 1 });
    const phone = `+1617555${String(1000 + k).padStart(4, '0')}`;
    for (let i = 0; i < 4; i++)
      out.push({
        at: day(d + 2, `08:05:${String(i * 15).padStart(2, '0')}`),
        email: `${name(k + 3).replace('.', '_')}.${'abcd'[i]}@example.net`,
        phone,
        buy: k + 2,
      });
    out.push({ at: day(91, `00:0${k % 10}:30`), email: `${name(k + 5)}.late@example.org`, phone: null, buy: k });
  }
  for (const [i, email] of DEMO_STAFF.entries()) out.push({ at: day(20 + i, '13:00:00'), email, phone: null, buy: i });
  return out;
}

/** How many entries a demo of `spec` has: the generated ones, and with its rules the planted ones. */
export function demoEntryCount(spec: DemoSpec): number {
  return spec.entries + (spec.rules ? plantedEntries(rings(spec)).length : 0);
}

const rings = (spec: DemoSpec) => Math.max(1, Math.round(spec.entries / 50_000));

/** With `spec.rules`: the planted entries (lines after the generated ones, before the facts are built) and the rules. */
export function demoIntegrityStatements(spec: DemoSpec): Statement[] {
  if (!spec.rules) return [];
  const rows = plantedEntries(rings(spec));
  const web = BUYS.filter((b) => b.mediaType !== 'sms');
  const values = rows.map((r, j) => {
    const b = web[r.buy % web.length]!;
    const zip = MARKETS[b.market ?? j % MARKETS.length]!.centerZip;
    return [
      `F${String(j + 1).padStart(6, '0')}`,
      r.at,
      b.keyword,
      r.email,
      r.phone,
      zip,
      25 + (j % 30),
      `CF${String(j + 1).padStart(8, '0')}`,
      spec.entries + 1 + j,
    ];
  });
  return [
    {
      sql: `INSERT INTO entries (entry_id, entered_at, channel, keyword, source, email, phone, first_name, zip, age, coupon_code, import_id, line)
        SELECT v.id, v.t::TIMESTAMP, 'web', NULL, v.kw, v.email, v.phone, NULL, v.zip, v.age, v.coupon, ${DEMO_IMPORT_ID}, v.line
        FROM (VALUES ${values.map(() => '(?, ?, ?, ?, ?, ?, ?::INTEGER, ?, ?::BIGINT)').join(', ')}) v(id, t, kw, email, phone, zip, age, coupon, line)`,
      params: values.flat(),
    },
    { sql: `INSERT INTO official_rules (version, rules) VALUES (1, ?::JSON)`, params: [JSON.stringify(DEMO_RULES)] },
  ];
}
