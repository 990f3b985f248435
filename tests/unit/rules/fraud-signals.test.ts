import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudListInput } from '../../../src-main/contract/fraud';
import { signalColumns } from '../../../src-main/core/fraud/flags-sql';
import { listFraud } from '../../../src-main/core/fraud/store';
import type { Session } from '../../../src-main/core/session';
import { csv, emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

/**
 * Flags from the columns some exports carry (a web form's IP address and device id, a stated state), read
 * only when the file has them under a name the rules list, each planted beside look-alikes that are not fraud.
 */
describe('fraud flags from IP address, device and state columns', () => {
  let s: Session;
  const evidence = async () =>
    Object.fromEntries(
      (await listFraud(s.requireDb(), fraudListInput.parse({ status: 'all' }))).people.map((p) => [
        p.email,
        p.flags.map((f) => `${f.flag}: ${f.evidence}`),
      ]),
    );
  beforeAll(async () => {
    s = await emptySession(dir);
    const H = ['entry_id', 'entered_at', 'email', 'zip', 'IP Address', 'Device-ID', 'State'];
    await imp(
      s,
      file(
        dir,
        'web-entries.csv',
        csv([
          H,
          // Three people from one IP address within 40 seconds: a script, or one person with three addresses.
          ['I1', '2026-03-01 09:00:00', 'amy@example.com', '02134', '203.0.113.7', '', 'MA'],
          ['I2', '2026-03-01 09:00:25', 'ben@example.com', '02134', '203.0.113.7', '', 'MA'],
          ['I3', '2026-03-01 09:00:40', 'cal@example.com', '02134', '203.0.113.7', '', 'MA'],
          // A household: one IP address, hours apart.
          ['H1', '2026-03-01 09:00:00', 'dad@example.com', '02134', '198.51.100.4', '', 'MA'],
          ['H2', '2026-03-01 13:00:00', 'mum@example.com', '02134', '198.51.100.4', '', 'MA'],
          ['H3', '2026-03-01 19:00:00', 'kid@example.com', '02134', '198.51.100.4', '', 'MA'],
          // One device, two people, three entries in 30 seconds.
          ['D1', '2026-03-02 10:00:00', 'dan@example.com', '10001', '', 'dev-9f2', 'NY'],
          ['D2', '2026-03-02 10:00:10', 'dan@example.com', '10001', '', 'dev-9f2', 'New York'],
          ['D3', '2026-03-02 10:00:30', 'eve@example.com', '10001', '', 'dev-9f2', 'ny'],
          // A Beverly Hills zip said to be in New York; the others agree or name no state.
          ['Z1', '2026-03-03 10:00:00', 'zed@example.com', '90210', '', '', 'NY'],
          ['Z2', '2026-03-03 11:00:00', 'mae@example.com', '02134', '', '', 'Massachusetts'],
          ['Z3', '2026-03-03 12:00:00', 'ola@example.com', '10001', '', '', 'Ontario'],
          ['Z4', '2026-03-03 13:00:00', 'pip@example.com', '', '', '', 'NY'],
        ]),
      ),
      'entries',
    );
  });
  afterAll(() => s.close());

  it('reads only columns named as the rules say', () => {
    expect(signalColumns(['IP Address', 'Device-ID', 'State', 'Shoe size', 'ip_addr', 'IPv6 prefix'])).toEqual({
      ip: ['IP Address', 'ip_addr'],
      device: ['Device-ID'],
      state: ['State'],
    });
  });

  it('flags bursts from one IP address or device, and a zip in another state, each with what was seen', async () => {
    const e = await evidence();
    const ip = 'burst: three or more entries within 60 seconds from IP address 203.0.113.7 (by 3 entrants), first at 2026-03-01 09:00:00';
    expect(e['amy@example.com']).toEqual([ip]);
    expect(e['ben@example.com']).toEqual([ip]);
    expect(e['cal@example.com']).toEqual([ip]);
    const dev = 'three or more entries within 60 seconds from device dev-9f2 (by 2 entrants), first at 2026-03-02 10:00:00';
    // Dan entered twice (not a burst of his own); with Eve's entry the device made three in 30 seconds.
    expect(e['dan@example.com']).toEqual([`burst: ${dev}`]);
    expect(e['eve@example.com']).toEqual([`burst: ${dev}`]);
    expect(e['zed@example.com']).toEqual(['zip_state_mismatch: zip 90210 is in CA, the entry says NY']);
    for (const fine of ['dad', 'mum', 'kid', 'mae', 'ola', 'pip']) expect(e[`${fine}@example.com`]).toBeUndefined();
    expect(Object.keys(e)).toHaveLength(6);
  });
});
