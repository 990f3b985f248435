/** A file name from words: lower case, letters and digits joined by single dashes, at most `max` long. */
export const fileSlug = (words: string, fallback: string, max = 80): string =>
  words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max) || fallback;
