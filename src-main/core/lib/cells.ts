/** A query cell as a number (NULL is 0: counts and sums of nothing), or as text (NULL stays null). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
