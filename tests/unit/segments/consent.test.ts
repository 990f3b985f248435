import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentExportInput } from '../../../src-main/contract/segments';
import { exportSegmentCsv } from '../../../src-main/core/segments/export';
import { countSegment, previewSegment } from '../../../src-main/core/segments/run';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/** Who may be messaged, person by person (DOMAIN.md "Consent"). */
describe('consent: opt-ins, STOPs and new opt-ins, per person', () => {
  let s: Session;
  const reachable = async (channel: 'email' | 'sms') => {
    const rows = await previewSegment(s.requireDb(), { type: 'reachable', channel }, 100);
    return rows.map((r) => String(r.first_name)).sort();
  };
  beforeAll(async () => {
    s = await emptySession(dir);
    const csv = (name: string, lines: string[]) => file(dir, name, lines.join('\n') + '\n');
    await imp(
      s,
      csv('entries.csv', [
        'entry_id,entered_at,first_name,email,phone,email_opt_in,sms_opt_in',
        'a1,2026-03-01 10:00,Ann,,6175550001,,yes', // opts in, then STOP
        'b1,2026-03-01 10:00,Bob,,6175550002,,yes', // STOP, then a new entry with consent
        'b2,2026-03-10 10:00,Bob,,6175550002,,yes',
        'c1,2026-03-01 10:00,Cat,,6175550003,,yes', // STOP, then a new entry without consent
        'c2,2026-03-10 10:00,Cat,,6175550003,,no',
        'd1,2026-03-01 10:00,Dan,dan@x.com,6175550004,yes,yes', // two phones, STOP on one of them
        'd2,2026-03-02 10:00,Dan,dan@x.com,6175550005,,yes',
        'e1,2026-03-01 10:00,Eve,eve@x.com,6175550006,yes,yes', // an undated opt-out of everything
        'f1,2026-03-01 10:00,Fay,fay@x.com,,no,', // consent from the loyalty list only
        'g1,2026-03-01 10:00,Gus,gus@x.com,6175550007,,', // never opted in
      ]),
      'entries',
    );
    await imp(
      s,
      csv('optouts.csv', [
        'channel,address,opted_out_at',
        'sms,(617) 555-0001,2026-03-05 09:00',
        'sms,+16175550002,2026-03-05 09:00',
        'sms,617.555.0003,2026-03-05 09:00',
        'sms,6175550005,2026-03-05 09:00',
        'all,EVE@x.com,',
      ]),
      'optouts',
    );
    await imp(s, csv('contacts.csv', ['email,email_opt_in,first_name', 'fay@x.com,yes,Fay', 'zed@x.com,yes,Zed']), 'contacts');
  }, 60_000);
  afterAll(() => s.close());

  it('SMS: only Bob, who opted in again after his STOP', async () => {
    expect(await reachable('sms')).toEqual(['Bob']);
  });

  it('email: Dan (his STOP was for SMS on one phone) and Fay (loyalty list); never Eve (opted out of all), Gus (no consent)', async () => {
    expect(await reachable('email')).toEqual(['Dan', 'Fay']);
  });

  it('counts people, not rows; a contact who never entered is not an entrant', async () => {
    expect(await countSegment(s.requireDb(), { all: [] })).toEqual({ people: 7, reachable: { email: 2, sms: 1 }, heldByCap: null });
  });

  it('an import of opt-outs takes effect at once', async () => {
    await imp(s, file(dir, 'more-optouts.csv', 'channel,address,opted_out_at\nemail,fay@x.com,2026-03-20\n'), 'optouts');
    expect(await reachable('email')).toEqual(['Dan']);
  });

  it('exports only the chosen columns, PII only when asked, and neutralises formula-like cells', async () => {
    await imp(
      s,
      file(
        dir,
        'evil.csv',
        'entry_id,entered_at,first_name,last_name,email,phone\nx1,2026-03-02,=HYPERLINK("http://evil"),@SUM(A1),x1@x.com,+16175550729\nx2,2026-03-02,+cmd,-2,x2@x.com,\n',
      ),
      'entries',
    );
    const plain = await exportSegmentCsv(s.requireDb(), { type: 'answer', field: 'zip', values: [null] }, ['entrant_id', 'entries']);
    expect(plain.csv.split('\r\n')[0]).toBe('entrant_id,entries');
    expect(plain.csv).not.toMatch(/@x\.com/);
    // Columns come from a fixed list: nothing else can be asked for.
    expect(segmentExportInput.safeParse({ rule: { all: [] }, columns: ['password'] }).success).toBe(false);
    const names = await exportSegmentCsv(s.requireDb(), { any: [{ type: 'entered', first: true, from: '2026-03-02', to: '2026-03-02' }] }, [
      'first_name',
      'last_name',
      'email',
      'phone',
    ]);
    const lines = names.csv.trim().split('\r\n');
    expect(lines[0]).toBe('first_name,last_name,email,phone');
    // Formulas get an apostrophe; a phone, a number and an address stay as they are (an SMS tool reads the phone).
    expect(lines.slice(1).sort()).toEqual([`"'=HYPERLINK(""http://evil"")",'@SUM(A1),x1@x.com,+16175550729`, `'+cmd,-2,x2@x.com,`].sort());
  });
});
