import { describe, expect, it } from 'vitest';
import { compactFigure, metricKpi } from '../../../src-renderer/lib/figures';

describe('a KPI card’s figure that would overflow is shown compact, the exact one kept', () => {
  it('shortens long money and counts to three significant digits', () => {
    expect(compactFigure('money', 3061234.56, '$3,061,234.56')).toBe('$3.06M');
    expect(compactFigure('money', 692521.22, '$692,521.22')).toBe('$693K');
    expect(compactFigure('count', 12400000, '12,400,000')).toBeUndefined(); // 10 characters fit
    expect(compactFigure('count', 123456789, '123,456,789')).toBe('123M');
  });

  it('leaves what fits, rates, multiples and missing values as they are', () => {
    expect(compactFigure('money', 42951.5, '$42,951.50')).toBeUndefined();
    expect(compactFigure('percent', 0.123456, '12.3%')).toBeUndefined();
    expect(compactFigure('money', null, '—')).toBeUndefined();
    const k = metricKpi('revenue', 151234567.89);
    expect(k).toMatchObject({ value: '$151,234,567.89', compact: '$151M' });
    expect(metricKpi('entries', 6000)).not.toHaveProperty('compact');
  });
});
