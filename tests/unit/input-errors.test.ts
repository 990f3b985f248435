import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/core/dispatcher';
import { fieldName } from '../../src-main/core/lib/input-errors';
import { Session } from '../../src-main/core/session';

describe('refused input is said in plain words', () => {
  const session = new Session({ dataDir: '/nonexistent-ace-test' });
  const dispatch = createDispatcher({ session, host: {} as never, log: () => undefined });

  it('names the field and the limit, never the method or the schema library', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['draw.run', { count: 1e9 }, /Count: at most 10,000/],
      ['segments.save', { name: '', rule: { all: [] } }, /^Name is empty: fill it in/],
      ['pivot.run', { rows: ['no_such_field'], measures: [{ fn: 'entries' }] }, /^Rows: not a valid value/],
      ['pivot.run', { rows: [], measures: [{ fn: 'entries' }], topN: -3 }, /Top N: (at least|more than) /],
      ['segments.count', { rule: { all: [] }, extra: 1 }, /^Unknown setting: extra/],
    ];
    for (const [method, input, want] of cases) {
      const r = await dispatch(method, input);
      expect(r.ok, method).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message, method).toMatch(want);
      expect(r.error.message).not.toMatch(/Invalid input for|expected number to be|Too (big|small)|\w+\.\w+:/);
    }
  });

  it('turns code names into words', () => {
    expect(fieldName(['topN'])).toBe('Top N');
    expect(fieldName(['rule', 'all', 0, 'media_buy_id'])).toBe('Media buy ID');
    expect(fieldName([])).toBe('The request');
  });
});
