import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src-renderer/features/objectives/labels';

describe('a target as typed, in its metric’s own terms', () => {
  it('reads rates, money, counts and ROAS as people write them', () => {
    expect(parseTarget('redemption_rate', '40%')).toEqual({ value: 0.4 });
    expect(parseTarget('redemption_rate', ' 12.5 % ')).toEqual({ value: 0.125 });
    expect(parseTarget('opt_in_rate', '0.35')).toEqual({ value: 0.35 });
    expect(parseTarget('revenue', '$1,200.50')).toEqual({ value: 1200.5 });
    expect(parseTarget('cost_per_entry', '.75')).toEqual({ value: 0.75 });
    expect(parseTarget('entries', '12,000')).toEqual({ value: 12000 });
    expect(parseTarget('roas', '3x')).toEqual({ value: 3 });
  });

  it('asks instead of guessing', () => {
    expect(parseTarget('redemption_rate', '40')).toEqual({ error: 'A rate is a share: type 40% or 0.4.' });
    expect(parseTarget('entries', 'lots')).toEqual({ error: 'Enter the target as a number (e.g. 12,000).' });
    expect(parseTarget('entries', '-5')).toHaveProperty('error');
    expect(parseTarget('revenue', '')).toEqual({ error: 'Enter the target.' });
    expect(parseTarget('entries', '40%')).toHaveProperty('error');
  });
});
