import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DatasetKind, ImportReport } from '../../../src-main/contract/types';
import { importFile, type ImportOptions } from '../../../src-main/core/import/importer';
import { Session } from '../../../src-main/core/session';
import { builtWorkerUrl } from './worker';
import { assertEngine, workspacePath } from './engine';

let n = 0;

/** A fresh, empty workspace in `dir`. */
export async function emptySession(dir: string): Promise<Session> {
  const s = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  await s.open(workspacePath(dir, `ws-${++n}-${Date.now()}.duckdb`), { create: true });
  return assertEngine(s);
}

/** Writes `content` (text or bytes) to a file in `dir` and returns its path. */
export function file(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Imports and checks the invariant every import must keep. */
export async function imp(s: Session, path: string, kind: DatasetKind, opts: Partial<ImportOptions> = {}): Promise<ImportReport> {
  const r = await importFile(s.requireDb(), { path, kind, ...opts });
  expect(r.rowsRead, 'rows read = imported + rejected + duplicates').toBe(r.rowsImported + r.rowsRejected + r.duplicatesSkipped);
  return r;
}

export const csv = (rows: string[][], eol = '\n') => rows.map((r) => r.join(',')).join(eol) + eol;
