import { createHash } from 'node:crypto';

/**
 * A seeded random source for the winner draw: the seed text is hashed (SHA-256) into the state of
 * sfc32, a small, well-tested generator; integers come by rejection sampling (no modulo bias). The
 * same seed always gives the same draw, on any machine.
 */
export function seededRandom(seed: string): { nextUint32(): number; below(n: number): number } {
  const h = createHash('sha256').update(`ace-draw:${seed}`).digest();
  let a = h.readUInt32LE(0),
    b = h.readUInt32LE(4),
    c = h.readUInt32LE(8),
    d = h.readUInt32LE(12);
  const nextUint32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up past the seed's structure.
  for (let i = 0; i < 15; i++) nextUint32();
  return {
    nextUint32,
    /** Uniform in [0, n), n up to 2^32. */
    below(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`cannot draw below ${n}`);
      const limit = Math.floor(2 ** 32 / n) * n;
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
  };
}

/**
 * The first `k` positions of a uniform random permutation of 0..n-1 (a partial Fisher-Yates shuffle
 * kept in a sparse map: memory grows with k, not with the pool). Position i is rank i + 1.
 */
export function drawPositions(n: number, k: number, seed: string): number[] {
  const rnd = seededRandom(seed);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = i + rnd.below(n - i);
    const vi = at(i);
    const vj = at(j);
    swapped.set(i, vj);
    swapped.set(j, vi);
    out.push(vj);
  }
  return out;
}

/**
 * Winners by valid entry (each valid entry one chance, one prize per person): entries are drawn uniformly
 * from positions 0..n-1 in the seed's order, and an entry whose person was already drawn is passed over,
 * so a person's chance of each next prize is their share of the entries of the people still in. `people`
 * looks up the person of each position (a batch at a time). Returns the accepted positions, rank order.
 */
export async function drawByEntry(
  n: number,
  k: number,
  seed: string,
  people: (positions: number[]) => Promise<Map<number, string>>,
): Promise<number[]> {
  const rnd = seededRandom(seed);
  const seen = new Set<string>();
  const out: number[] = [];
  // Enough for any pool where k people can be found; a pool dominated by one person takes more draws.
  for (let drawn = 0; out.length < k;) {
    if (drawn > 10_000_000 + 1000 * k) throw new RangeError(`could not find ${k} different people in ${n} entries`);
    const batch = Array.from({ length: Math.max(16, 2 * (k - out.length)) }, () => rnd.below(n));
    drawn += batch.length;
    const who = await people([...new Set(batch)]);
    for (const pos of batch) {
      const person = who.get(pos)!;
      if (seen.has(person)) continue;
      seen.add(person);
      out.push(pos);
      if (out.length === k) break;
    }
  }
  return out;
}
