import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePeople } from '../../../src-main/core/derived/people';
import { previewSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { demoSession } from '../helpers/demo';
import { tempDir } from '../helpers/tmp';

/** A segment's preview: its first members by latest entry (newest first, ties by entrant), as written for the screen. */
describe('a segment preview', () => {
  const dir = tempDir('ace-preview-');
  let s: Session;
  beforeAll(async () => {
    s = await demoSession(dir);
    await ensurePeople(s.requireDb());
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists the first members in order, with their ids, dates and figures as the people table has them', async () => {
    const db = s.requireDb();
    for (const [rule, where] of [
      [{ all: [] }, 'true'],
      [{ type: 'response', field: 'channel', values: ['sms'] }, `list_contains(channels, 'sms')`],
    ] as const) {
      const shown = await previewSegment(db, rule as never, 25);
      const expected = await db.rows<Record<string, unknown>>(
        `SELECT 'P' || lpad(to_hex(entrant), 16, '0') AS entrant_id, strftime(last_entry, '%Y-%m-%d') AS last_entry, entries::INTEGER AS entries,
                redemption_amount::DOUBLE AS redemption_amount, email
         FROM segment_people WHERE ${where} ORDER BY segment_people.last_entry DESC, entrant LIMIT 25`,
      );
      expect(expected).toHaveLength(25);
      expect(shown.map((r) => [r.entrant_id, r.last_entry, r.entries, r.redemption_amount, r.email])).toEqual(
        expected.map((r) => [r.entrant_id, r.last_entry, r.entries, r.redemption_amount, r.email]),
      );
    }
  });
});
