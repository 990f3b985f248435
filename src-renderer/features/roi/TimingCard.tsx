import { useMemo } from 'react';
import type { RoiTiming } from '../../../src-main/contract/roi';
import { timingOption } from '../../charts/roiFunnel';
import { CHART_THEMES } from '../../charts/theme';
import { EChart } from '../../components/EChart';
import { DASH, fmtCount } from '../../format';

const days = (n: number | null) => (n === null ? DASH : `${n} ${n === 1 ? 'day' : 'days'}`);

/** The distribution of days from an entry to the redemption of its coupon, with median and p90. */
export function TimingCard({
  timing,
  error,
  theme,
  title,
}: {
  timing: RoiTiming | null;
  error: Error | null;
  theme: 'light' | 'dark';
  title: string;
}) {
  const option = useMemo(() => (timing ? timingOption(timing, CHART_THEMES[theme]) : null), [timing, theme]);
  return (
    <section className="card" data-testid="timing">
      <h2>{title}</h2>
      {error && (
        <p className="roi-inline-error" role="alert">
          {error.message}
        </p>
      )}
      {timing && (
        <>
          <dl className="roi-facts">
            <div>
              <dt>Median</dt>
              <dd data-testid="timing-median">{days(timing.medianDays)}</dd>
            </div>
            <div>
              <dt>90th percentile</dt>
              <dd data-testid="timing-p90">{days(timing.p90Days)}</dd>
            </div>
            <div>
              <dt>Redemptions matched to an entry</dt>
              <dd>{fmtCount(timing.redemptions)}</dd>
            </div>
          </dl>
          {timing.redemptions > 0 && option ? (
            <EChart
              option={option}
              height={260}
              label={`${title}: median ${days(timing.medianDays)}, 90th percentile ${days(timing.p90Days)}`}
            />
          ) : (
            <p className="muted">No redemptions to time.</p>
          )}
        </>
      )}
    </section>
  );
}
