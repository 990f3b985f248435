import { describe, expect, it } from 'vitest';
import { METRIC_IDS, METRICS, isMetricId } from '../../../src-main/contract/metrics';
import { LOWER_IS_BETTER, OBJECTIVE_METRICS } from '../../../src-main/contract/objectives';
import { ROI_METRICS } from '../../../src-main/contract/roi';
import { fmtFigure, fmtMetric, metricKpi } from '../../../src-renderer/lib/figures';

describe('metric catalogue', () => {
  it('names every ROI and objective metric, each entry under its own id', () => {
    for (const id of [...ROI_METRICS, ...OBJECTIVE_METRICS]) expect(isMetricId(id), id).toBe(true);
    for (const id of METRIC_IDS) expect(METRICS[id].id).toBe(id);
  });
  it('agrees with the objectives on which metrics are better lower', () => {
    for (const id of OBJECTIVE_METRICS) expect(METRICS[id].higherIsBetter === false, id).toBe(LOWER_IS_BETTER.includes(id));
  });
  it('formats by unit: money to the cent, ratios as %, multiples as x, counts whole; missing is a dash', () => {
    expect(fmtMetric('cost_per_entry', 1234.5)).toBe('$1,234.50');
    expect(fmtMetric('redemption_rate', 0.4)).toBe('40.0%');
    expect(fmtMetric('roas', 2.345)).toBe('2.35x');
    expect(fmtMetric('entries', 12345)).toBe('12,345');
    expect(fmtFigure('percent', null)).toBe('–');
    expect(metricKpi('unique_entrants', 3, { kpiId: 'unique' })).toEqual({ id: 'unique', label: 'Unique entrants', value: '3' });
    expect(metricKpi('spend', 1, { short: true }).label).toBe('Spend');
  });
});
