/**
 * verify.mjs, the standalone script of a draw's verification bundle: plain Node (18 or later), nothing but
 * node:crypto and node:fs, so anyone can re-run a draw from the bundle alone. It is the same algorithm as
 * random.ts (sfc32 seeded by SHA-256 of "ace-draw:" + seed, rejection sampling, partial Fisher-Yates; by
 * entry: entries drawn in the seed's order, a person's later entries passed over); a test runs it in a fresh
 * process against draws of both kinds, so the two cannot drift apart unnoticed.
 */
export const VERIFY_SCRIPT = `// Re-runs an ACE Workstation winner draw from its verification bundle.
// Usage: node verify.mjs [bundle.json]     (Node 18 or later; nothing to install)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The bundle given on the command line, else the one written into this file, else bundle.json beside it.
const embedded = null; // ACE-BUNDLE
const bundle = process.argv[2]
  ? JSON.parse(readFileSync(process.argv[2], 'utf8'))
  : (embedded ?? JSON.parse(readFileSync(new URL('./bundle.json', import.meta.url), 'utf8')));
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

function seeded(seed) {
  const h = createHash('sha256').update('ace-draw:' + seed).digest();
  let a = h.readUInt32LE(0), b = h.readUInt32LE(4), c = h.readUInt32LE(8), d = h.readUInt32LE(12);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return (n) => {
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = next();
      if (x < limit) return x % n;
    }
  };
}

function byPerson(ids, k, seed) {
  const below = seeded(seed);
  const n = ids.length;
  const swapped = new Map();
  const at = (i) => (swapped.has(i) ? swapped.get(i) : i);
  const out = [];
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = i + below(n - i);
    const vi = at(i), vj = at(j);
    swapped.set(i, vj);
    swapped.set(j, vi);
    out.push(ids[vj]);
  }
  return out;
}

function byEntry(ids, k, seed) {
  const below = seeded(seed);
  const seen = new Set();
  const out = [];
  while (out.length < k) {
    const id = ids[below(ids.length)];
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

const problems = [];
if (bundle.commitment && sha256(bundle.seed) !== bundle.commitment.seedHash)
  problems.push('the seed does not hash to the commitment published on ' + bundle.commitment.committedAt);
if (sha256(bundle.pool.ids.join(',')) !== bundle.pool.hash) problems.push('the pool is not the one whose fingerprint was recorded');
const want = Math.min(bundle.draw.count + bundle.draw.alternates, new Set(bundle.pool.ids).size);
const drawn = (bundle.draw.odds === 'entry' ? byEntry : byPerson)(bundle.pool.ids, want, bundle.seed);
if (JSON.stringify(drawn) !== JSON.stringify(bundle.winners)) problems.push('the seed and pool give other winners than the bundle lists');
if (problems.length) {
  console.log('NOT VERIFIED: ' + problems.join('; ') + '.');
  process.exit(1);
}
console.log('Verified: draw ' + bundle.draw.drawId + ' (' + bundle.draw.tier + '): seed ' + JSON.stringify(bundle.seed) +
  (bundle.commitment ? ' (committed ' + bundle.commitment.committedAt + ')' : '') + ' over ' + bundle.pool.ids.length +
  (bundle.draw.odds === 'entry' ? ' valid entries' : ' people') + ' gives ' + drawn.join(', ') + '.');
`;

/** The marker line a self-contained copy replaces with the bundle itself (one file to hand over). */
export const EMBED_MARKER = 'const embedded = null; // ACE-BUNDLE';
