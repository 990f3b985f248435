import type { RoiFilterValues } from '../../contract/roi';
import type { DbClient } from '../db/client';
import { ensurePivotTable } from '../derived/pivot-table';

/**
 * The ROI filters' choices: the keys of ROI's rows by media type, market and channel, without computing ROI (the
 * screen used to ask for three whole ROI reports by those groupings beside its own: at 10M entries its table came
 * after 10 s instead of 3). A media type or market is a plan's (every group of those is one: entries, spend and
 * redemptions are grouped by their media buy's); a channel is an attributed entry's (spend is split across those, and
 * redemptions take their entry's), read from the cube. Placeholders ("(not set)", ...) are not choices.
 */
export async function roiFilterValues(db: DbClient): Promise<RoiFilterValues> {
  await ensurePivotTable(db);
  const rows = await db.rows<{ field: keyof RoiFilterValues; v: string }>(
    `SELECT 'media_type' AS field, media_type AS v FROM media_buys WHERE media_type IS NOT NULL
     UNION SELECT 'market', market FROM media_buys WHERE market IS NOT NULL
     UNION SELECT 'channel', channel FROM pivot_cube WHERE media_buy_id IS NOT NULL AND channel IS NOT NULL`,
  );
  const out: RoiFilterValues = { media_type: [], market: [], channel: [] };
  for (const r of rows) if (!r.v.startsWith('(')) out[r.field].push(r.v);
  for (const values of Object.values(out)) values.sort();
  return out;
}
