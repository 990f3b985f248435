import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';

/**
 * A campaign small enough to compute by hand (the expected figures are in metrics.test.ts):
 * MB1 attributed by keyword (any case, spaces), by source and by id; MB2 by id and keyword; MB3 has
 * spend but no entries; MB4 entries but no spend; spend on an unknown keyword; an entry with an
 * unknown keyword; a duplicated entry row; a coupon redeemed twice; a coupon no entry issued.
 */
export async function roiFixture(dir: string): Promise<Session> {
  const s = await emptySession(dir);
  const csv = (name: string, lines: string[]) => file(dir, name, lines.join('\n') + '\n');
  await imp(
    s,
    csv('plan.csv', [
      'media_buy_id,name,media_type,market,keyword',
      'MB1,Globe print,print,Boston,GLOBE',
      'MB2,Z100 radio,radio,New York,Z100',
      'MB3,Idle billboard,billboard,Boston,IDLE',
      'MB4,Free web,web,New York,FREE',
    ]),
    'media_buys',
  );
  await imp(
    s,
    csv('spend.csv', [
      'date,media_buy_id,keyword,amount',
      '2026-03-02,MB1,,"$1,000.00"',
      '2026-03-09,,globe,500.50',
      '2026-03-02,MB2,,"2,000.00"',
      '2026-03-02,MB3,,300',
      '2026-03-16,,NOPE,99.99',
    ]),
    'spend',
  );
  const entries = await imp(
    s,
    csv('entries.csv', [
      'entry_id,entered_at,channel,keyword,media_buy_id,source,email,phone,coupon_code',
      'e1,2026-03-03 10:00,sms,globe,,,,6175550101,C1',
      'e2,2026-03-03 11:00,sms, Glo be ,,,,6175550102,C2',
      'e3,2026-03-04 09:00,web,,,GLOBE,ann@x.com,6175550101,C3',
      'e4,2026-03-05 12:00,web,,MB2,,bob@x.com,,C4',
      'e5,2026-03-05 13:00,sms,Z100,,,,6175550199,C5',
      'e5,2026-03-05 13:00,sms,Z100,,,,6175550199,C5',
      'e6,2026-03-06 08:00,sms,WINNER,,,,6175550300,C6',
      'e7,2026-03-07 08:00,sms,free,,,,6175550400,C7',
    ]),
    'entries',
  );
  if (entries.rowsImported !== 7 || entries.duplicatesSkipped !== 1) throw new Error(`fixture entries: ${entries.message}`);
  await imp(
    s,
    csv('redemptions.csv', [
      'redemption_id,redeemed_at,coupon_code,store_id,order_amount,discount_amount,Email',
      'r1,2026-03-10 12:00,c1,S1,$100.00,$10.00,',
      'r2,2026-03-11 12:00,C1,S1,50.25,5.00,',
      'r3,2026-03-12 12:00,C4,S2,80,8,',
      'r4,2026-03-12 13:00,ZZZ,S2,40,4,ANN@x.com',
      'r5,2026-03-13 12:00,C6,S2,30,3,',
      'r6,2026-03-14,C3,S1,20,2,',
    ]),
    'redemptions',
  );
  return s;
}
