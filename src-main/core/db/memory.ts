import { AceError } from '../lib/errors';

/**
 * How much memory DuckDB may use for a workspace: 1.25 GB unless ACE_MEMORY_LIMIT says otherwise
 * ("4GB", "2500MB"). DuckDB's own default is 80 % of the machine's memory, which on a laptop leaves
 * little to everything else (a 10M-entry import peaked at 5.7 GB, building the people table at 14.8 GB).
 * The process holds more than the limit (DuckDB's memory outside its buffers, Node's): under 1.25 GB a
 * 10M-entry import peaks at about 1.65 GB, under 1.5 GB at 2.1 GB, and is no slower.
 * Under the limit, large imports and builds spill to a temporary folder beside the workspace
 * (`<workspace>.tmp`, removed when it closes) instead of growing; work that cannot fit is refused with
 * OUT_OF_MEMORY, saying how to raise the limit (client.ts), and nothing is saved.
 */
export const DEFAULT_MEMORY_LIMIT = '1.25GB';

/**
 * How DuckDB's allocator (jemalloc) gives memory back: after any task that peaked over 32 MB (DuckDB: 128 MB), after
 * a bulk free over 64 MB (512 MB), and with its background thread purging what is left. Freed memory otherwise
 * stays with the process: a 10M-entry import under the 1.25 GB limit peaked at 1.64 and 2.01 GB in two runs, most
 * of the last 0.4 GB reached while linking, after the parsed rows were freed; with these, 1.55-1.64 GB in four
 * runs, no slower (51.3-53.7 s against 51.8-56.6 s), and pivots at 1M as fast as before (2026-12-06, README
 * "Benchmarks").
 */
export const ALLOCATOR_SETTINGS = {
  allocator_flush_threshold: '32MB',
  allocator_bulk_deallocation_flush_threshold: '64MB',
  allocator_background_threads: 'true',
} as const;

const SIZE = /^(\d+(?:\.\d+)?)\s*(MB|GB|MiB|GiB)$/i;

/** The size in MB (a GB counted as 1024 MB, as DuckDB's limits are near enough for the parts it sizes). */
export function limitMb(limit: string): number {
  const m = SIZE.exec(limit);
  return m ? Number(m[1]) * (/^g/i.test(m[2]!) ? 1024 : 1) : 0;
}

export function memoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.ACE_MEMORY_LIMIT?.trim();
  if (!v) return DEFAULT_MEMORY_LIMIT;
  // Below 256 MB DuckDB cannot do much of anything: refused now rather than failing later on every query.
  if (!SIZE.test(v) || limitMb(v) < 256) {
    throw new AceError('BAD_INPUT', `ACE_MEMORY_LIMIT is "${v}": give a size of at least 256MB, such as 1.5GB or 4000MB.`);
  }
  return v.replace(/\s+/g, '');
}
