import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file, imp } from '../helpers/import';
import { tempDir } from '../helpers/tmp';

/**
 * Who is one person (DOMAIN.md): entries that share an email or a phone, transitively. The workspace works
 * that out incrementally, file by file, by label propagation in SQL (derived/facts.ts). Here an independent
 * answer (union-find in this file) is set against it for seeded random entries: long chains that need many
 * rounds (email 1 - phone 1 - email 2 - phone 2 ...), stars, loners, addresses written in other cases and
 * shapes, and entries with no usable address, arriving in several files in shuffled order, so components
 * made separately are joined later.
 */
const dir = tempDir();
let s: Session | null = null;
afterAll(() => s?.close());

function seeded(seed: number) {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { next, pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** The entries (id, email, phone as written) and their people by union-find over normalised addresses. */
function makeEntries(seed: number) {
  const r = seeded(seed);
  const email = (i: number) => `person${i}@example.com`;
  const phone = (i: number) => `+1617555${String(1000 + i).padStart(4, '0')}`;
  // Written as exports write them: the same address in another case or shape is the same address.
  const asWritten = (a: string) =>
    a.startsWith('+') ? r.pick([a, a.slice(2), `(${a.slice(2, 5)}) ${a.slice(5, 8)}-${a.slice(8)}`]) : r.pick([a, a.toUpperCase()]);
  const pairs: [string | null, string | null][] = [];
  // Chains: e1-p1, p1-e2, e2-p2, ...: each link one entry, the longest 40 links.
  for (let c = 0; c < 6; c++) {
    const base = c * 100;
    const len = 5 + Math.floor(r.next() * 36);
    for (let i = 0; i < len; i++) {
      pairs.push([email(base + i), phone(base + i)]);
      pairs.push([email(base + i + 1), phone(base + i)]);
    }
  }
  // Stars: one phone, many emails.
  for (let c = 0; c < 5; c++) for (let i = 0; i < 6; i++) pairs.push([email(1000 + c * 10 + i), phone(1000 + c)]);
  // Loners, repeats, and entries whose address cannot be read (each a person of their own).
  for (let i = 0; i < 40; i++) pairs.push(r.next() < 0.5 ? [email(2000 + i), null] : [null, phone(2000 + i)]);
  for (let i = 0; i < 30; i++) pairs.push(r.pick(pairs));
  for (let i = 0; i < 8; i++) pairs.push([`not-an-email-${i}`, null]);
  // Shuffled, with ids, so links arrive in any order.
  const entries = pairs.map(([e, p], i) => ({ id: `e${i}`, email: e, phone: p })).sort(() => r.next() - 0.5);

  const parent = new Map<string, string>();
  const find = (a: string): string => {
    const p = parent.get(a) ?? a;
    if (p === a) return a;
    const root = find(p);
    parent.set(a, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const usable = (e: string | null) => (e && e.includes('@') ? `e:${e.toLowerCase()}` : null);
  const phoneNode = (p: string | null) => (p ? `p:${p}` : null);
  for (const x of entries) {
    const [a, b] = [usable(x.email), phoneNode(x.phone)];
    if (a && b) union(a, b);
  }
  const person = (x: (typeof entries)[number]) => {
    const node = usable(x.email) ?? phoneNode(x.phone);
    return node ? find(node) : `alone:${x.id}`;
  };
  const people = new Map<string, string[]>();
  for (const x of entries) people.set(person(x), [...(people.get(person(x)) ?? []), x.id]);
  const groups = [...people.values()].map((ids) => ids.sort().join(',')).sort();
  const rows = entries.map((x) => ({ ...x, email: x.email && asWritten(x.email), phone: x.phone && asWritten(x.phone) }));
  return { rows, groups };
}

describe('one person per connected set of emails and phones, however the entries arrive', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: in four files, the people are the components union-find finds`, async () => {
      s = await emptySession(dir);
      const { rows, groups } = makeEntries(seed);
      const quarter = Math.ceil(rows.length / 4);
      for (let f = 0; f < 4; f++) {
        const part = rows.slice(f * quarter, (f + 1) * quarter);
        const text = ['entry_id,entered_at,email,phone', ...part.map((x) => `${x.id},2026-03-0${f + 1},${x.email ?? ''},${x.phone ?? ''}`)];
        const r = await imp(s, file(dir, `people-${seed}-${f}.csv`, text.join('\n') + '\n'), 'entries');
        expect(r.rowsImported).toBe(part.length);
      }
      const got = await s
        .requireDb()
        .rows<{ ids: string }>(`SELECT string_agg(entry_id, ',' ORDER BY entry_id) AS ids FROM entry_facts GROUP BY entrant_id`);
      // Entry ids sort as text in both answers.
      expect(got.map((g) => g.ids).sort()).toEqual(groups);
      expect(groups.length).toBeGreaterThan(20);
      expect(Math.max(...groups.map((g) => g.split(',').length))).toBeGreaterThan(40);
      await s.close();
      s = null;
    }, 60_000);
  }
});
