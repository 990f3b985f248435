import type { z } from 'zod';

/**
 * Input the contract refuses, said in plain words next to the field it is about: "Number of winners:
 * at most 1,000" rather than "Invalid input for draw.run: count: Too big: expected number to be <=1000".
 * The path stays in the error's details for the screen to put the text next to its field.
 */
export function plainIssues(issues: readonly z.core.$ZodIssue[]): string {
  const said = [...new Set(issues.slice(0, 5).map(plainIssue))];
  return `${said.join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}.`;
}

/** "topN" -> "Top N", "media_buy_id" -> "Media buy id", ["rule", "all", 0, "miles"] -> "Miles". */
export function fieldName(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  if (!last) return 'The request';
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\bn\b/, 'N')
    .replace(/\bid\b/, 'ID');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const num = (n: unknown) => (typeof n === 'number' || typeof n === 'bigint' ? Number(n).toLocaleString('en-US') : String(n));

function plainIssue(i: z.core.$ZodIssue): string {
  const field = fieldName(i.path);
  switch (i.code) {
    case 'too_big':
      if (i.origin === 'string') return `${field}: at most ${num(i.maximum)} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `${field}: at most ${num(i.maximum)} items`;
      return `${field}: ${i.inclusive ? 'at most' : 'less than'} ${num(i.maximum)}`;
    case 'too_small':
      if (i.origin === 'string')
        return Number(i.minimum) <= 1 ? `${field} is empty: fill it in` : `${field}: at least ${num(i.minimum)} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `${field}: choose at least ${num(i.minimum)}`;
      return `${field}: ${i.inclusive ? 'at least' : 'more than'} ${num(i.minimum)}`;
    case 'invalid_type':
      return `${field}: expected ${i.expected === 'string' ? 'text' : i.expected === 'int' ? 'a whole number' : `a ${i.expected}`}`;
    case 'invalid_value':
      return `${field}: one of ${i.values
        .slice(0, 8)
        .map((v) => String(v))
        .join(', ')}${i.values.length > 8 ? ', …' : ''}`;
    case 'invalid_format':
      return `${field}: not a valid ${i.format === 'regex' ? 'value' : i.format}`;
    case 'unrecognized_keys':
      return `Unknown setting${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}`;
    default:
      // Our own refinements (custom) already speak plainly.
      return i.path.length ? `${field}: ${i.message}` : i.message;
  }
}
