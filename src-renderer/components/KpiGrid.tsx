/** One headline figure: a label and its formatted value. */
export interface Kpi {
  id: string;
  label: string;
  value: string;
  /** The value shortened to fit the card ($3.06M); the exact value stays for hover and screen readers. */
  compact?: string;
}

/** Headline figures as cards in a row that wraps (Overview, a media buy's drill, a dashboard tile). */
export function KpiGrid({
  items,
  testId,
  className = '',
}: {
  items: Kpi[];
  /** data-testid of each card: `${testId}-${id}`. */ testId: string;
  className?: string;
}) {
  return (
    <div className={`kpis ${className}`.trim()}>
      {items.map((k) => (
        <div className="kpi" key={k.id} data-testid={`${testId}-${k.id}`}>
          <div className="kpi-label">{k.label}</div>
          {k.compact ? (
            <div className="kpi-value" title={k.value}>
              <span aria-hidden="true">{k.compact}</span>
              <span className="visually-hidden">{k.value}</span>
            </div>
          ) : (
            <div className="kpi-value">{k.value}</div>
          )}
        </div>
      ))}
    </div>
  );
}
