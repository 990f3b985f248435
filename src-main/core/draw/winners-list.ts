import { writeFileSync } from 'node:fs';
import type { DbClient } from '../db/client';
import { ensurePeople } from '../derived/people';
import { ensureReferenceTables } from '../geo/reference';
import { delimitedText } from '../export/tabular';
import { getRules } from '../rules/store';

/** The personal data a public winners list carries (for the export log). */
export const WINNERS_LIST_PERSONAL = ['first_name', 'last_name', 'city', 'state'] as const;

/**
 * The public winners list (docs/rules.md): per prize, the person who has it now: the winner, or the
 * alternate promoted when a winner forfeited (a forfeit with no alternate left is not listed); first name, last initial, city and state from their zip; the prize's tier and value (ARV) from
 * the official rules. Formula-neutralised CSV. Returns how many lines.
 */
export async function writeWinnersList(db: DbClient, file: string): Promise<number> {
  await ensurePeople(db);
  await ensureReferenceTables(db);
  const { rules } = await getRules(db);
  const rows = await db.rows<{
    tier: string;
    drawn: string;
    first_name: string | null;
    last_name: string | null;
    city: string | null;
    state: string | null;
  }>(
    `WITH st AS (SELECT draw_id, entrant, list(step) AS steps FROM winner_steps GROUP BY ALL)
     SELECT d.tier, strftime(d.drawn_at, '%Y-%m-%d') AS drawn, pp.first_name, pp.last_name, z.city, coalesce(z.state, pp.state) AS state
     FROM draw_winners w JOIN draws d USING (draw_id) LEFT JOIN st ON st.draw_id = w.draw_id AND st.entrant = w.entrant
     LEFT JOIN segment_people pp ON pp.entrant = w.entrant LEFT JOIN ref_zip_places z ON z.zip = pp.zip
     WHERE (NOT w.alternate OR list_contains(coalesce(st.steps, []), 'promoted')) AND NOT list_contains(coalesce(st.steps, []), 'forfeited')
     ORDER BY d.seq, w.rank`,
  );
  const value = (tier: string) => rules.prizes.find((p) => p.tier.toLowerCase() === tier.toLowerCase())?.arv ?? null;
  const lines = rows.map((r) => [
    r.tier,
    value(r.tier),
    [r.first_name, r.last_name ? `${r.last_name.slice(0, 1)}.` : null].filter(Boolean).join(' ') || '(no name)',
    r.city,
    r.state,
    r.drawn,
  ]);
  writeFileSync(file, delimitedText(['Prize', 'Prize value (ARV, USD)', 'Winner', 'City', 'State', 'Drawn'], lines));
  return lines.length;
}
