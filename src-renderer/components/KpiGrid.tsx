/** One headline figure: a label and its formatted value. */
export interface Kpi {
  id: string;
  label: string;
  value: string;
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
          <div className="kpi-value">{k.value}</div>
        </div>
      ))}
    </div>
  );
}
