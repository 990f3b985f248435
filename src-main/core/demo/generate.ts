import type { Statement } from '../db/protocol';
import { loadZipcodes, once } from '../lib/lazy';
import {
  AFFINITIES,
  BUYS,
  CAMPAIGN_START,
  CAMPAIGN_WEEKS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MARKETS,
  REDEEM_RATE,
  TIMEFRAMES,
} from './plan';
import { sqlTextList } from '../lib/sql-literal';

export interface DemoSpec {
  entries: number;
  seed: number;
  /**
   * Save the demo's official rules (demo/integrity.ts) as version 1. The app's demo has them; tests and
   * benchmarks generate without, and set the rules they test.
   */
  rules?: boolean;
}

/**
 * Generated rows carry import 0 and a synthetic line (unique per table) so facts can key them like
 * imported rows; no file stands behind them, so they do not appear in the import history.
 */
export const DEMO_IMPORT_ID = 0;

export const DEFAULT_DEMO: DemoSpec = { entries: 200_000, seed: 42, rules: true };

type MarketZip = { market: number; zip: string; lat: number; lon: number };
const marketZipList = once(findMarketZips);

/**
 * Real zip codes within 12 miles of each market's centre (zipcodes package), sorted for determinism. Worked
 * out once per process: each radius is a scan of the package's 42,000 zips in JavaScript (about 0.15 s of
 * every demo generated), and the answer never changes.
 */
export async function marketZips(): Promise<MarketZip[]> {
  return (await marketZipList()).map((z) => ({ ...z }));
}

async function findMarketZips(): Promise<MarketZip[]> {
  const zipcodes = await loadZipcodes();
  const out: MarketZip[] = [];
  MARKETS.forEach((m, market) => {
    const zips = (zipcodes.radius(m.centerZip, 12) as string[]).slice().sort();
    for (const zip of zips) {
      const z = zipcodes.lookup(zip);
      if (z && z.country === 'US') out.push({ market, zip, lat: z.latitude, lon: z.longitude });
    }
  });
  return out;
}

/**
 * The statements that fill an empty workspace with the demo campaign. Everything random comes from
 * DuckDB's hash() of (row, seed, purpose), so the same seed gives the same data, at any size, in
 * parallel. Entry volume follows each buy's weekly spend times its efficiency.
 */
export async function demoStatements(spec: DemoSpec): Promise<Statement[]> {
  const { entries: n, seed } = spec;
  // uniform [0,1) from a hash of the given SQL expressions and a purpose tag
  const u = (expr: string, tag: string) => `((hash(${expr}, ${seed}, '${tag}') % 1000003)::DOUBLE / 1000003)`;
  const pick = (list: readonly string[], expr: string, tag: string) =>
    `${sqlTextList(list)}[1 + (hash(${expr}, ${seed}, '${tag}') % ${list.length})::INTEGER]`;
  const perMarket = Math.max(50, Math.ceil((n * 0.55) / MARKETS.length));
  const zips = await marketZips();
  const stmts: Statement[] = [];

  stmts.push({
    sql: `CREATE TEMP TABLE demo_zip AS SELECT * FROM (VALUES ${zips.map(() => '(?, ?, ?, ?)').join(', ')}) v(market, zip, lat, lon)`,
    params: zips.flatMap((z) => [z.market, z.zip, z.lat, z.lon]),
  });
  stmts.push({
    sql: `CREATE TEMP TABLE demo_zip_n AS SELECT market, row_number() OVER (PARTITION BY market ORDER BY zip) AS k, zip, lat, lon,
            count(*) OVER (PARTITION BY market) AS cnt FROM demo_zip`,
  });
  stmts.push({
    sql: `CREATE TEMP TABLE demo_market AS SELECT * FROM (VALUES ${MARKETS.map(() => '(?, ?, ?, ?)').join(', ')}) v(idx, name, ac1, ac2)`,
    params: MARKETS.flatMap((m, i) => [i, m.name, m.areaCodes[0], m.areaCodes[1]]),
  });
  stmts.push({
    sql: `CREATE TEMP TABLE demo_buy AS SELECT * FROM (VALUES ${BUYS.map(() => '(?, ?, ?, ?::INTEGER, ?, ?::INTEGER, ?::INTEGER, ?::DOUBLE, ?::DOUBLE)').join(', ')})
            v(media_buy_id, name, media_type, market_idx, keyword, w0, w1, budget, eff)`,
    params: BUYS.flatMap((b) => [b.id, b.name, b.mediaType, b.market, b.keyword, b.weeks[0], b.weeks[1], b.weeklyBudget, b.efficiency]),
  });
  stmts.push({
    sql: `INSERT INTO media_buys (media_buy_id, name, media_type, market, keyword, start_date, end_date)
          SELECT b.media_buy_id, b.name, b.media_type, coalesce(m.name, 'National'), b.keyword,
                 DATE '${CAMPAIGN_START}' + 7 * b.w0, DATE '${CAMPAIGN_START}' + 7 * b.w1 + 6
          FROM demo_buy b LEFT JOIN demo_market m ON m.idx = b.market_idx ORDER BY b.media_buy_id`,
  });
  // Weekly spend, +/-15% around the budget, exact cents.
  stmts.push({
    sql: `INSERT INTO spend (date, media_buy_id, keyword, amount, currency, impressions, clicks)
          SELECT DATE '${CAMPAIGN_START}' + (7 * w.week)::INTEGER, b.media_buy_id, NULL,
                 round(b.budget * (0.85 + 0.3 * ${u('b.media_buy_id, w.week', 'spend')}), 2)::DECIMAL(18,2), 'USD',
                 (b.budget * (90 + 40 * ${u('b.media_buy_id, w.week', 'imp')}))::BIGINT,
                 CASE WHEN b.media_type IN ('banner', 'social', 'email', 'web')
                      THEN (b.budget * (0.8 + 0.6 * ${u('b.media_buy_id, w.week', 'clk')}))::BIGINT END
          FROM demo_buy b, range(${CAMPAIGN_WEEKS}) w(week)
          WHERE w.week BETWEEN b.w0 AND b.w1 ORDER BY 1, 2`,
  });
  // Where entries come from: (buy, week) weighted by spend x efficiency, plus 2% nobody can attribute.
  stmts.push({
    sql: `CREATE TEMP TABLE demo_cdf AS
          WITH w AS (
            SELECT b.media_buy_id, b.media_type, b.market_idx, b.keyword, s.date AS week, s.amount::DOUBLE * b.eff AS w
            FROM spend s JOIN demo_buy b USING (media_buy_id) WHERE b.eff > 0
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, DATE '${CAMPAIGN_START}' + (7 * r.week)::INTEGER,
                   (SELECT sum(s.amount::DOUBLE * b.eff) FROM spend s JOIN demo_buy b USING (media_buy_id)) * 0.02 / ${CAMPAIGN_WEEKS}
            FROM range(${CAMPAIGN_WEEKS}) r(week)
          )
          SELECT *, (sum(w) OVER (ORDER BY media_buy_id NULLS LAST, week ROWS UNBOUNDED PRECEDING) - w) / sum(w) OVER () AS lo FROM w`,
  });
  stmts.push({
    sql: `CREATE TEMP TABLE demo_e0 AS
          SELECT e.i, c.media_buy_id, c.media_type, c.keyword AS buy_keyword, c.week,
                 coalesce(c.market_idx, (hash(e.i, ${seed}, 'mkt') % ${MARKETS.length})::INTEGER) AS market_idx
          FROM (SELECT i, ${u('i', 'buy')} AS ub FROM range(${n}) t(i)) e
          ASOF JOIN demo_cdf c ON e.ub >= c.lo`,
  });
  stmts.push({
    sql: `CREATE TEMP TABLE demo_e AS
          SELECT e.*, e.market_idx * ${perMarket} + floor(pow(${u('e.i', 'person')}, 1.8) * ${perMarket})::BIGINT AS pid,
                 ${u('e.i', 'chan')} AS uc
          FROM demo_e0 e`,
  });
  const chan = `CASE
      WHEN e.media_buy_id IS NULL THEN CASE WHEN e.uc < 0.7 THEN 'sms' ELSE 'web' END
      WHEN e.media_type IN ('print', 'billboard', 'radio', 'tv') THEN CASE WHEN e.uc < 0.8 THEN 'sms' ELSE 'web' END
      WHEN e.media_type = 'banner' THEN 'banner'
      WHEN e.media_type = 'social' THEN 'web'
      ELSE 'email' END`;
  stmts.push({
    // The person's zip: an equi-join key computed up front (a join on an expression would be a nested loop).
    sql: `CREATE TEMP TABLE demo_e2 AS
          SELECT e.*, ${chan} AS channel, 1 + (hash(e.pid, ${seed}, 'zip') % c.cnt)::BIGINT AS zk
          FROM demo_e e JOIN (SELECT market, count(*) AS cnt FROM demo_zip GROUP BY market) c ON c.market = e.market_idx`,
  });
  const first = pick(FIRST_NAMES, 'e.pid', 'first');
  const last = pick(LAST_NAMES, 'e.pid', 'last');
  const email = `lower(${first} || '.' || ${last} || e.pid::VARCHAR || '@' || ${pick(EMAIL_DOMAINS, 'e.pid', 'dom')})`;
  const phone = `'+1' || CASE WHEN hash(e.pid, ${seed}, 'ac') % 2 = 0 THEN m.ac1 ELSE m.ac2 END
                 || (2000000 + hash(e.pid, ${seed}, 'ph') % 7999999)::VARCHAR`;
  const hasEmail = `(e.channel IN ('web', 'email', 'banner'))`;
  const hasPhone = `(e.channel = 'sms' OR (e.channel = 'web' AND ${u('e.i', 'wph')} < 0.5) OR (e.channel = 'banner' AND ${u('e.i', 'bph')} < 0.3))`;
  const optIn = (expr: string, tag: string, yes: number) =>
    `CASE WHEN NOT ${expr} THEN NULL WHEN ${u('e.i', tag)} < ${yes} THEN true WHEN ${u('e.i', tag)} < 0.95 THEN false END`;
  stmts.push({
    sql: `INSERT INTO entries (entry_id, entered_at, channel, keyword, media_buy_id, source, email, phone, first_name, last_name,
            zip, age, product_affinity, purchase_timeframe, email_opt_in, sms_opt_in, coupon_code, attrs, import_id, line)
          SELECT 'E' || lpad(e.i::VARCHAR, 8, '0'),
                 e.week::TIMESTAMP + to_days(floor(7 * ${u('e.i', 'day')})::INTEGER)
                   + to_seconds((8 * 3600 + floor(15 * 3600 * ${u('e.i', 'tod')}))::BIGINT),
                 e.channel,
                 CASE WHEN e.media_buy_id IS NULL AND e.channel = 'sms' THEN ${pick(['WIN', 'SHOES', 'FREE', 'GLOBE'], 'e.i', 'badkw')}
                      WHEN e.channel = 'sms' THEN e.buy_keyword END,
                 CASE WHEN e.channel IN ('banner', 'email') THEN e.media_buy_id END,
                 CASE WHEN e.channel = 'web' AND e.media_buy_id IS NOT NULL THEN e.buy_keyword END,
                 CASE WHEN ${hasEmail} THEN ${email} END,
                 CASE WHEN ${hasPhone} THEN ${phone} END,
                 ${first}, ${last},
                 CASE WHEN ${u('e.pid', 'nozip')} < 0.02 THEN NULL ELSE z.zip END,
                 CASE WHEN ${u('e.pid', 'noage')} < 0.03 THEN NULL ELSE 18 + floor(pow(${u('e.pid', 'age')}, 1.4) * 57)::INTEGER END,
                 ${pick(AFFINITIES, 'e.pid', 'aff')},
                 ${pick(TIMEFRAMES, 'e.pid', 'tf')},
                 ${optIn(hasEmail, 'eoi', 0.62)},
                 ${optIn(hasPhone, 'soi', 0.48)},
                 'C' || upper(lpad(to_hex((e.i * 2654435761 + ${seed}) % 1099511627776), 10, '0')),
                 json_object('shoe_size', 5 + (hash(e.pid, ${seed}, 'shoe') % 9)::INTEGER),
                 ${DEMO_IMPORT_ID}, e.i + 1
          FROM demo_e2 e
          JOIN demo_market m ON m.idx = e.market_idx
          JOIN demo_zip_n z ON z.market = e.market_idx AND z.k = e.zk
          ORDER BY e.i`,
  });
  // Four stores per market, at real zips of the market.
  stmts.push({
    sql: `INSERT INTO stores (store_id, name, zip, lat, lon, market)
          SELECT 'S' || lpad((m.idx * 4 + s.k + 1)::VARCHAR, 3, '0'), 'ACE Shoes ' || m.name || ' #' || (s.k + 1)::VARCHAR,
                 z.zip, z.lat, z.lon, m.name
          FROM demo_market m, range(4) s(k)
          JOIN demo_zip_n z ON z.market = m.idx AND z.k = 1 + ((s.k * 7 + 3) % z.cnt)
          ORDER BY 1`,
  });
  const rate = `${sqlTextList(REDEEM_RATE.map(String))}[list_position(${sqlTextList(TIMEFRAMES)}, r.purchase_timeframe)]::DOUBLE`;
  stmts.push({
    sql: `INSERT INTO redemptions (redemption_id, redeemed_at, coupon_code, store_id, order_amount, discount_amount, import_id, line)
          WITH r AS (
            SELECT e.*, ${u('e.entry_id', 'red')} AS ur,
                   round(22 + pow(${u('e.entry_id', 'amt')}, 2) * 180, 2) AS amt,
                   coalesce(z.market, (hash(e.entry_id, ${seed}, 'rm') % ${MARKETS.length})::INTEGER) AS mkt
            FROM entries e LEFT JOIN demo_zip z ON z.zip = e.zip
          )
          SELECT 'R' || substr(r.entry_id, 2),
                 r.entered_at + to_seconds((3600 + pow(${u('r.entry_id', 'lag')}, 2) * 40 * 86400)::BIGINT),
                 r.coupon_code,
                 -- most people redeem in their own market's stores
                 'S' || lpad((1 + r.mkt * 4 + (hash(r.entry_id, ${seed}, 'store') % 4))::VARCHAR, 3, '0'),
                 r.amt::DECIMAL(18,2),
                 least(20, round(r.amt * 0.15, 2))::DECIMAL(18,2),
                 ${DEMO_IMPORT_ID}, substr(r.entry_id, 2)::BIGINT + 1
          FROM r WHERE r.ur < ${rate}
          ORDER BY 1`,
  });
  // Coupons no entry issued (mistyped at the till): unattributed redemptions.
  stmts.push({
    sql: `INSERT INTO redemptions (redemption_id, redeemed_at, coupon_code, store_id, order_amount, discount_amount, import_id, line)
          SELECT 'RX' || lpad(i::VARCHAR, 7, '0'),
                 TIMESTAMP '${CAMPAIGN_START} 10:00:00' + to_seconds((${u('i', 'xt')} * 90 * 86400)::BIGINT),
                 'X' || upper(to_hex(hash(i, ${seed}, 'xc') % 1099511627776)),
                 'S' || lpad((1 + (hash(i, ${seed}, 'xs') % 24))::VARCHAR, 3, '0'),
                 round(22 + ${u('i', 'xa')} * 120, 2)::DECIMAL(18,2), 5.00,
                 ${DEMO_IMPORT_ID}, ${n} + 1 + i
          FROM range(${Math.max(1, Math.floor(n / 400))}) t(i)`,
  });
  // Opt-outs: STOP replies and unsubscribes after entering; a few opt out of everything.
  stmts.push({
    sql: `INSERT INTO optouts (channel, address, opted_out_at, reason, feedback)
          SELECT CASE WHEN ${u('entry_id', 'oall')} < 0.1 THEN 'all' ELSE 'sms' END, phone,
                 entered_at + to_seconds((3600 + ${u('entry_id', 'ot')} * 30 * 86400)::BIGINT), 'STOP', NULL
          FROM entries WHERE phone IS NOT NULL AND ${u('entry_id', 'osms')} < 0.015
          UNION ALL
          SELECT 'email', email, entered_at + to_seconds((7200 + ${u('entry_id', 'oet')} * 30 * 86400)::BIGINT), 'unsubscribe link',
                 CASE WHEN ${u('entry_id', 'ofb')} < 0.3 THEN 'Too many emails' END
          FROM entries WHERE email IS NOT NULL AND ${u('entry_id', 'oem')} < 0.01
          ORDER BY 3, 2`,
  });
  // The loyalty list used for the email blast: about a fifth of email-bearing people.
  stmts.push({
    sql: `INSERT INTO contacts (email, phone, first_name, last_name, zip, email_opt_in, sms_opt_in, source)
          SELECT email, NULL, any_value(first_name), any_value(last_name), any_value(zip), true, NULL, 'loyalty'
          FROM entries WHERE email IS NOT NULL AND ${u('email', 'loyal')} < 0.2
          GROUP BY email ORDER BY email`,
  });
  for (const t of ['demo_zip', 'demo_zip_n', 'demo_market', 'demo_buy', 'demo_cdf', 'demo_e0', 'demo_e', 'demo_e2']) {
    stmts.push({ sql: `DROP TABLE ${t}` });
  }
  return stmts;
}
