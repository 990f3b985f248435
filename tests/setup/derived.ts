import { ensurePeople } from '../../src-main/core/derived/people';
import { ensurePivotTable } from '../../src-main/core/derived/pivot-table';
import { ensureReferenceTables } from '../../src-main/core/geo/reference';
import { ensureEntryValidity } from '../../src-main/core/pivot/ready';
import type { DbClient } from '../../src-main/core/db/client';

/**
 * Builds what the screens build on first use (the flat table, every entry's validity, the people table with the
 * zip centres, the map's reference tables), as a workspace looks once someone has gone through its screens. The
 * demos generated once per run and copied to each test (tests/e2e/fixtures.ts, tests/unit/helpers/demo.ts) are
 * kept so: building them again in every copy was the same work each time, 10–15 CPU-s of a whole run by the
 * statement logs (the e2e run built the people table 31 times, now 17; 2026-12-06), though within the machine's
 * noise when whole runs are compared. Building on first use stays tested where a workspace is generated or
 * imported in place: tests/unit/derived/, geo/reference, the lake project (each of its demos is generated in
 * place) and every test that imports.
 */
export async function buildDerived(db: DbClient): Promise<void> {
  await ensurePivotTable(db);
  await ensureEntryValidity(db);
  await ensurePeople(db);
  await ensureReferenceTables(db);
}
