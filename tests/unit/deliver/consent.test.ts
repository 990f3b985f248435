import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Writer } from '../../../src-main/core/db/client';
import type { SqlParams } from '../../../src-main/core/db/protocol';
import { rebuildFacts } from '../../../src-main/core/derived/facts';
import { saveSegment, countSegment } from '../../../src-main/core/segments/run';
import { Session } from '../../../src-main/core/session';
import { tempDir } from '../helpers/tmp';
import { builtWorkerUrl } from '../helpers/worker';
import { assertEngine, workspacePath } from '../helpers/engine';

/**
 * Consent is enforced in the core at send time: over generated people (entries with and without
 * consent, contact rows, opt-outs dated before, at, after or without a date, invalid addresses), the
 * addresses a real HTTP server receives are exactly the ones DOMAIN.md allows, computed here
 * independently. Nobody opted out or never opted in is ever in a payload.
 */

const dir = tempDir('ace-consent-');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let server: Server;
let endpoint = '';
const received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // A connection test's ace.push.ping carries no contacts (docs/push-api.md): answered 200 like a batch.
      const b = JSON.parse(body) as { contacts?: { address: string }[] };
      received.push(...(b.contacts ?? []).map((c) => c.address));
      res.setHeader('content-type', 'application/json');
      res.end('{"results":[]}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/push`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Ch = 'email' | 'sms';
interface Person {
  email: string | null;
  phone: string | null;
  /** An opt-in given with an address that did not parse (kept as raw text only). */
  badEmailOptIn: boolean;
  entries: { day: number; emailIn: boolean | null; smsIn: boolean | null; withEmail: boolean; withPhone: boolean }[];
  contact: { emailIn: boolean | null; smsIn: boolean | null; withEmail: boolean } | null;
  optouts: { channel: Ch | 'all'; useEmail: boolean; day: number | null }[];
}

const person = fc.record({
  hasEmail: fc.boolean(),
  hasPhone: fc.boolean(),
  badEmailOptIn: fc.boolean(),
  entries: fc.array(
    fc.record({
      day: fc.integer({ min: 1, max: 6 }),
      emailIn: fc.option(fc.boolean()),
      smsIn: fc.option(fc.boolean()),
      withEmail: fc.boolean(),
      withPhone: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  contact: fc.option(fc.record({ emailIn: fc.option(fc.boolean()), smsIn: fc.option(fc.boolean()), withEmail: fc.boolean() })),
  optouts: fc.array(
    fc.record({
      channel: fc.constantFrom<Ch | 'all'>('email', 'sms', 'all'),
      useEmail: fc.boolean(),
      day: fc.option(fc.integer({ min: 1, max: 6 })),
    }),
    { maxLength: 2 },
  ),
});

type RawPerson = typeof person extends fc.Arbitrary<infer T> ? T : never;

const day = (d: number) => `2026-04-0${d} 12:00:00`;

function materialise(raw: RawPerson[]): Person[] {
  return raw.map((r, i) => ({
    email: r.hasEmail || !r.hasPhone ? `p${i}@example.com` : null,
    phone: r.hasPhone ? `+1617555${String(1000 + i).padStart(4, '0')}` : null,
    badEmailOptIn: r.badEmailOptIn,
    entries: r.entries,
    contact: r.contact,
    optouts: r.optouts,
  }));
}

/** The contact row's addresses: its email, or else its phone (never neither). */
function contactAddrs(p: Person): { email: string | null; phone: string | null } {
  const useEmail = (p.contact!.withEmail && p.email !== null) || p.phone === null;
  return useEmail ? { email: p.email, phone: null } : { email: null, phone: p.phone };
}

/** DOMAIN.md "Consent", for one person and channel, written directly: the address to message, or null. */
function expected(p: Person, ch: Ch): string | null {
  const addressOf = (withEmail: boolean, withPhone: boolean) =>
    ch === 'email' ? (withEmail ? p.email : null) : withPhone ? p.phone : null;
  const optins: { at: string | null; address: string }[] = [];
  p.entries.forEach((e, k) => {
    // The first entry carries all their addresses (it is what makes them one person).
    const a = k === 0 ? (ch === 'email' ? p.email : p.phone) : addressOf(e.withEmail, e.withPhone);
    if ((ch === 'email' ? e.emailIn : e.smsIn) === true && a) optins.push({ at: day(e.day), address: a });
  });
  if (p.contact) {
    const a = contactAddrs(p)[ch === 'email' ? 'email' : 'phone'];
    if ((ch === 'email' ? p.contact.emailIn : p.contact.smsIn) === true && a) optins.push({ at: null, address: a });
  }
  if (optins.length === 0) return null;
  const dated = optins.map((o) => o.at).filter((a): a is string => a !== null);
  const last = dated.length ? dated.sort().at(-1)! : null;
  const blocked = p.optouts.some((o) => {
    const addr = o.useEmail ? (p.email ?? p.phone) : (p.phone ?? p.email);
    if (!addr || (o.channel !== ch && o.channel !== 'all')) return false;
    const at = o.day === null ? null : day(o.day);
    return at === null || last === null || at >= last;
  });
  if (blocked) return null;
  // The address they opted in with last (dated before undated; ties: the smaller).
  const best = [...optins].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? '') || a.address.localeCompare(b.address))[0]!;
  return best.address;
}

/** `INSERT INTO table (columns) VALUES (...), (...)` for all `rows` in one statement (nothing when there are none). */
async function insertAll(w: Writer, table: string, columns: string, row: string, rows: unknown[][]): Promise<void> {
  if (rows.length) await w.run(`INSERT INTO ${table} (${columns}) VALUES ${rows.map(() => row).join(', ')}`, rows.flat() as SqlParams);
}

/**
 * Replaces the workspace's people with these (one workspace for every run: opening one costs more than a run),
 * one statement per table: a round trip to the worker per row was most of a run.
 */
async function load(s: Session, people: Person[]): Promise<void> {
  const entries: unknown[][] = [];
  const bad: unknown[][] = [];
  const contacts: unknown[][] = [];
  const optouts: unknown[][] = [];
  let line = 0;
  for (const [i, p] of people.entries()) {
    for (const [k, e] of p.entries.entries()) {
      const email = k === 0 ? p.email : e.withEmail ? p.email : null;
      const phone = k === 0 ? p.phone : e.withPhone ? p.phone : null;
      if (!email && !phone) continue;
      entries.push([`E${i}-${k}`, day(e.day), email, phone, `Person ${i}`, e.emailIn, e.smsIn, ++line]);
    }
    if (p.badEmailOptIn && p.phone) bad.push([`B${i}`, day(6), p.phone, ++line]);
    if (p.contact) {
      const { email, phone } = contactAddrs(p);
      contacts.push([email, phone, p.contact.emailIn, p.contact.smsIn, ++line]);
    }
    for (const o of p.optouts) {
      const addr = o.useEmail ? (p.email ?? p.phone) : (p.phone ?? p.email);
      optouts.push([o.channel, addr, o.day === null ? null : day(o.day), ++line]);
    }
  }
  await s.requireDb().transaction(async (w) => {
    for (const t of ['entries', 'contacts', 'optouts', 'segments', 'pushes', 'push_batches', 'push_contacts', 'push_addresses'])
      await w.run(`DELETE FROM ${t}`);
    await insertAll(
      w,
      'entries',
      'entry_id, entered_at, channel, email, phone, first_name, email_opt_in, sms_opt_in, import_id, line',
      `(?, ?::TIMESTAMP, 'web', ?, ?, ?, ?, ?, 1, ?)`,
      entries,
    );
    await insertAll(
      w,
      'entries',
      'entry_id, entered_at, channel, phone, email_raw, email_opt_in, import_id, line',
      `(?, ?::TIMESTAMP, 'web', ?, 'not an email', true, 1, ?)`,
      bad,
    );
    await insertAll(w, 'contacts', 'email, phone, email_opt_in, sms_opt_in, import_id, line', '(?, ?, ?, ?, 2, ?)', contacts);
    await insertAll(w, 'optouts', 'channel, address, opted_out_at, import_id, line', '(?, ?, ?::TIMESTAMP, 3, ?)', optouts);
    await rebuildFacts(w);
  });
}

describe('consent at send time', () => {
  it('sends to exactly the addresses the consent rules allow, on both channels, and to nobody else', async () => {
    const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
    await s.open(workspacePath(dir, 'consent.duckdb'), { create: true });
    assertEngine(s);
    const con = await s.deliver.saveConnector({ name: 'test', config: { kind: 'webhook', endpoint, timeoutMs: 5000 }, secret: SECRET });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 14 }), fc.constantFrom<Ch>('email', 'sms'), async (raw, ch) => {
          const people = materialise(raw);
          await load(s, people);
          {
            const seg = await saveSegment(s.requireDb(), { name: 'Everyone', rule: { all: [] } });
            received.length = 0;
            const want = people
              .map((p) => expected(p, ch))
              .filter((a): a is string => a !== null)
              .sort();
            const preview = await s.deliver.preview({
              segment: seg.segmentId,
              channel: ch,
              fields: ['first_name'],
              connectorId: con.connectorId,
            });
            expect(preview.reachable).toBe(want.length);
            expect(preview.people).toBe(people.length);
            // The Segments screen's reachability is computed elsewhere: it must agree.
            const count = await countSegment(s.requireDb(), { all: [] });
            expect(count.reachable[ch]).toBe(want.length);
            if (want.length > 0) {
              await s.deliver.start({ segment: seg.segmentId, channel: ch, fields: ['first_name'], connectorId: con.connectorId });
              await s.deliver.idle();
            }
            expect([...received].sort()).toEqual(want);
          }
        }),
        { numRuns: 40, seed: 20261123 },
      );
    } finally {
      await s.close();
    }
  }, 240_000);
});
