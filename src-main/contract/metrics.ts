/**
 * The metric catalogue: every figure the app shows (ROI, Explore, Map, dashboards, objectives, exports,
 * CLI), named, labelled and formatted once. Screens and exports read labels and formats from here, so
 * "Cost per entry" is spelled, rounded and ranked the same everywhere. Definitions are DOMAIN.md's
 * "Metrics"; the SQL that computes them lives in the core.
 */

/**
 * What a value is: an amount of money (USD), a whole count, a ratio (a fraction, 0.4 = 40%) or a
 * multiple (ROAS: revenue per dollar of spend).
 */
export type MetricUnit = 'money' | 'count' | 'ratio' | 'multiple';

/**
 * How a value is written: money to the cent ($1,234.56), counts whole (1,234), percent with one
 * decimal (40.0%), times with two decimals (2.34x).
 */
export type MetricFormat = 'money' | 'count' | 'percent' | 'times';

export interface MetricDef {
  id: MetricId;
  /** Full name, for headings, KPI tiles, menus and exports. */
  label: string;
  /** For narrow places: table headers and chart axes. */
  short: string;
  unit: MetricUnit;
  format: MetricFormat;
  /** Decimals as written (money 2, percent 1, times 2, count 0). */
  decimals: number;
  /** One line on what it is, for hints and help. */
  description: string;
  /** Whether a bigger figure is better (false: lower is better, e.g. cost per entry; null: neither). */
  higherIsBetter: boolean | null;
}

export const METRIC_IDS = [
  'spend',
  'entries',
  'unique_entrants',
  'people',
  'redeemers',
  'redemptions',
  'revenue',
  'discounts',
  'cost_per_entry',
  'valid_entries',
  'valid_entrants',
  'cost_per_valid_entry',
  'cost_per_redemption',
  'redemption_rate',
  'opt_in_rate',
  'roas',
  'roi',
  'gross_profit',
  'profit_roi',
  'last_touch_redemptions',
  'last_touch_revenue',
  'media_buys',
  'optouts',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

const FORMAT_OF: Record<MetricUnit, { format: MetricFormat; decimals: number }> = {
  money: { format: 'money', decimals: 2 },
  count: { format: 'count', decimals: 0 },
  ratio: { format: 'percent', decimals: 1 },
  multiple: { format: 'times', decimals: 2 },
};

const def = (
  id: MetricId,
  label: string,
  short: string,
  unit: MetricUnit,
  higherIsBetter: boolean | null,
  description: string,
): MetricDef => ({
  id,
  label,
  short,
  unit,
  ...FORMAT_OF[unit],
  description,
  higherIsBetter,
});

export const METRICS: Record<MetricId, MetricDef> = {
  spend: def('spend', 'Media spend', 'Spend', 'money', null, 'Media spend, attributed by media buy id, else by keyword'),
  entries: def('entries', 'Entries', 'Entries', 'count', true, 'Contest entries'),
  unique_entrants: def(
    'unique_entrants',
    'Unique entrants',
    'Unique entrants',
    'count',
    true,
    'Distinct people who entered (identity resolved over email and phone)',
  ),
  people: def('people', 'People', 'People', 'count', true, 'Distinct people'),
  redeemers: def('redeemers', 'Redeemers', 'Redeemers', 'count', true, 'Distinct entrants with at least one attributed redemption'),
  redemptions: def('redemptions', 'Redemptions', 'Redemptions', 'count', true, 'Coupon redemptions linked to an entry'),
  revenue: def('revenue', 'Revenue', 'Revenue', 'money', true, 'Revenue of the attributed redemptions'),
  discounts: def('discounts', 'Discounts', 'Discounts', 'money', null, 'Discounts given on the attributed redemptions'),
  cost_per_entry: def('cost_per_entry', 'Cost per entry', 'Cost / entry', 'money', false, 'Spend ÷ entries'),
  valid_entries: def('valid_entries', 'Valid entries', 'Valid entries', 'count', true, 'Entries valid under the official rules'),
  valid_entrants: def('valid_entrants', 'Valid entrants', 'Valid entrants', 'count', true, 'Distinct people with a valid entry'),
  cost_per_valid_entry: def('cost_per_valid_entry', 'Cost per valid entry', 'Cost / valid entry', 'money', false, 'Spend ÷ valid entries'),
  cost_per_redemption: def('cost_per_redemption', 'Cost per redemption', 'Cost / redemption', 'money', false, 'Spend ÷ redemptions'),
  redemption_rate: def('redemption_rate', 'Redemption rate', 'Redemption rate', 'ratio', true, 'Redemptions ÷ entries'),
  opt_in_rate: def('opt_in_rate', 'Opt-in rate', 'Opt-in rate', 'ratio', true, 'Entrants who opted in ÷ unique entrants'),
  roas: def('roas', 'ROAS', 'ROAS', 'multiple', true, 'Return on ad spend: revenue ÷ spend'),
  roi: def('roi', 'ROI', 'ROI', 'ratio', true, '(Revenue − spend) ÷ spend'),
  gross_profit: def('gross_profit', 'Gross profit', 'Gross profit', 'money', true, 'Option: revenue × gross margin'),
  profit_roi: def('profit_roi', 'Profit ROI', 'Profit ROI', 'ratio', true, 'Option: (gross profit − spend) / spend'),
  last_touch_redemptions: def(
    'last_touch_redemptions',
    'Last-touch redemptions',
    'Last-touch redemptions',
    'count',
    true,
    'Option: redemptions gained from last touch, not in the default figures',
  ),
  last_touch_revenue: def(
    'last_touch_revenue',
    'Last-touch revenue',
    'Last-touch revenue',
    'money',
    true,
    'Option: revenue of those redemptions, not in the default figures',
  ),
  media_buys: def('media_buys', 'Media buys', 'Media buys', 'count', null, 'Media buys in the plan'),
  optouts: def('optouts', 'Opt-outs', 'Opt-outs', 'count', false, 'Opt-out requests'),
};

export const metric = (id: MetricId): MetricDef => METRICS[id];

/** Whether `id` names a catalogued metric. */
export function isMetricId(id: string): id is MetricId {
  return Object.prototype.hasOwnProperty.call(METRICS, id);
}

/** The spreadsheet number format for a metric's format (XLSX exports). */
export const XLSX_NUMBER_FORMATS: Record<MetricFormat, string> = {
  money: '"$"#,##0.00',
  count: '#,##0',
  percent: '0.0%',
  times: '0.00"x"',
};

/** How a missing figure is written (a ratio over zero, an option not chosen): a dash, never 0. */
export const MISSING_FIGURE = '–';

const FORMATTERS: Record<MetricFormat, Intl.NumberFormat> = {
  money: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  count: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
  percent: new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  times: new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** A value written in one of the catalogue's formats: $1,234.56, 1,234, 40.0%, 2.34x; missing is a dash. */
export function formatFigure(format: MetricFormat, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING_FIGURE;
  const text = FORMATTERS[format].format(v);
  return format === 'times' ? `${text}x` : text;
}

/** A metric's value as the catalogue says to write it. */
export const formatMetric = (id: MetricId, v: number | null | undefined): string => formatFigure(METRICS[id].format, v);

/** The spreadsheet number format of a metric (XLSX exports): ROAS as 2.34x, ratios as 40.0%, money to the cent. */
export const xlsxNumberFormat = (id: MetricId): string => XLSX_NUMBER_FORMATS[METRICS[id].format];
