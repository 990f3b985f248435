import type { ReplyType } from '../../../src-main/contract/replies';

/** What the Replies screen is showing: the same filters a 'replied' segment condition takes. */
export interface ReplyFilters {
  text: string;
  types: ReplyType[];
  /** One media buy id, '' for the unattributed, or null for any. */
  mediaBuy: string | null;
  theme: string | null;
}

export const NO_FILTERS: ReplyFilters = { text: '', types: [], mediaBuy: null, theme: null };

export const TYPE_LABELS: Record<ReplyType, string> = { feedback: 'Feedback', help: 'Help request', opt_out: 'Opt-out' };

export const mediaBuyLabel = (id: string | null, name: string | null): string =>
  id === null ? '(unattributed)' : name ? `${name} (${id})` : id;

/** The search input the core takes for these filters. */
export const searchInput = (f: ReplyFilters) => ({
  text: f.text.trim(),
  types: f.types,
  mediaBuys: f.mediaBuy === null ? [] : [f.mediaBuy],
  ...(f.theme ? { theme: f.theme } : {}),
});

/** A short name for a segment of the people behind these filters. */
export function segmentName(f: ReplyFilters, buyName: string | null): string {
  const what = f.types.length === 1 ? TYPE_LABELS[f.types[0]!].toLowerCase() : 'a reply';
  const parts = [`Wrote ${what}`];
  if (f.theme) parts.push(`on “${f.theme}”`);
  if (f.text.trim()) parts.push(`with “${f.text.trim()}”`);
  if (f.mediaBuy !== null) parts.push(`about ${buyName ?? '(unattributed)'}`);
  return parts.join(' ').slice(0, 120);
}
