import { useMemo, useState } from 'react';
import type { SegmentRule } from '../../../src-main/contract/segments';
import { asCount, barsHeight, categoryAxis, frame, shorten, valueAxis } from '../../charts/roiCommon';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { fmtCount } from '../../format';
import { useQuery } from '../../lib/query';
import { fieldLabel, ruleAreas } from './model';

const BY = [
  'state',
  'market',
  'zip3',
  'zip',
  'age_band',
  'product_affinity',
  'purchase_timeframe',
  'channel',
  'keyword',
  'media_buy',
  'media_type',
  'store',
  'redeemed',
  'reachable_email',
  'reachable_sms',
] as const;
const TOP = 12;
const EMPTY = '(empty)';

/** Members counted by a field's values: a bar chart of the top values and the full table beside it. */
export function Breakdown({ rule, theme, customFields }: { rule: SegmentRule; theme: 'light' | 'dark'; customFields: string[] }) {
  const [by, setBy] = useState<string>('state');
  const rows = useQuery('segments.breakdown', { rule, by: by as (typeof BY)[number] }, { areas: ruleAreas(rule) });
  const data = rows.data ?? [];
  const multi = ['channel', 'keyword', 'media_buy', 'media_type', 'store'].includes(by);
  const option = useMemo(() => {
    const t = CHART_THEMES[theme];
    const top = data.slice(0, TOP).reverse();
    return {
      ...frame(t, []),
      legend: { show: false },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { ...frame(t, []).tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: asCount },
      xAxis: valueAxis(t),
      yAxis: categoryAxis(
        t,
        top.map((r) => shorten(r.value ?? EMPTY, 22)),
      ),
      series: [
        {
          type: 'bar',
          name: 'people',
          data: top.map((r) => r.people),
          barMaxWidth: 22,
          label: { show: true, position: 'right', color: t.muted, formatter: (p: { value: number }) => asCount(p.value) },
        },
      ],
    };
  }, [data, theme]);
  return (
    <section className="card sg-card" aria-labelledby="sg-breakdown-h">
      <div className="sg-card-head">
        <h2 id="sg-breakdown-h">Breakdown</h2>
        <label className="small muted">
          by{' '}
          <select aria-label="Break down by" value={by} onChange={(e) => setBy(e.target.value)}>
            {[...BY, ...customFields].map((b) => (
              <option key={b} value={b}>
                {fieldLabel(b)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {multi && (
        <p className="muted small">
          A person counts under each {fieldLabel(by)} they entered through, so these add up to more than the segment.
        </p>
      )}
      {rows.error && <p className="inline-error small">{rows.error.message}</p>}
      <div className="sg-breakdown">
        <div>
          {data.length > 0 && (
            <EChart
              option={option}
              height={barsHeight(Math.min(TOP, data.length), 26)}
              label={`People by ${fieldLabel(by)}, top ${Math.min(TOP, data.length)} values`}
            />
          )}
        </div>
        <div className="sg-scroll sg-scroll-short" tabIndex={0} aria-label="Breakdown table, scrollable">
          <table className="table sg-table" data-testid="segment-breakdown" aria-busy={rows.loading}>
            <thead>
              <tr>
                <th scope="col">{fieldLabel(by)}</th>
                <th scope="col" className="num">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <tr key={String(r.value)}>
                  <td className={r.value === null ? 'muted' : undefined}>{r.value ?? EMPTY}</td>
                  <td className="num">{fmtCount(r.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.data?.length === 0 && <p className="muted small sg-empty">Nobody to break down.</p>}
        </div>
      </div>
    </section>
  );
}
