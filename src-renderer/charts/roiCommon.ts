import type { ChartTheme } from './theme';

/** Shared pieces of the ROI charts: the frame, axes in the app's colours, and value formats. */
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const moneyAxis = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const asMoney = (v: unknown) => (typeof v === 'number' ? money.format(v) : '–');
export const asMoneyAxis = (v: number) => moneyAxis.format(v);
export const asCount = (v: unknown) => (typeof v === 'number' ? count.format(v) : '–');
export const asTimes = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}x` : '–');

/** Colour, text, legend and tooltip, as every chart of the app draws them. */
export function frame(theme: ChartTheme, legend: string[]) {
  return {
    color: theme.series,
    animation: false,
    textStyle: { color: theme.text },
    legend: { top: 0, right: 8, textStyle: { color: theme.muted }, data: legend },
    tooltip: {
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text },
    },
  };
}

export function valueAxis(theme: ChartTheme, extra: Record<string, unknown> = {}) {
  return {
    type: 'value',
    splitLine: { lineStyle: { color: theme.grid } },
    axisLine: { show: false },
    axisLabel: { color: theme.muted, hideOverlap: true },
    nameTextStyle: { color: theme.muted },
    ...extra,
  };
}

export function categoryAxis(theme: ChartTheme, data: string[], extra: Record<string, unknown> = {}) {
  return {
    type: 'category',
    data,
    axisLine: { lineStyle: { color: theme.grid } },
    axisTick: { show: false },
    axisLabel: { color: theme.muted, hideOverlap: true },
    ...extra,
  };
}

/**
 * Data inside a tooltip formatter's text: ECharts inserts what a formatter returns as HTML, so a media
 * buy called `<img src=x onerror=...>` would become an element. Every custom formatter escapes data.
 */
export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Data drawn as a label on the canvas: where a label has rich styles, `{name|text}` in the text is read
 * as rich-text markup. A zero-width space after each `{` keeps it plain text and looks the same.
 */
export function plainLabel(v: unknown): string {
  return String(v ?? '').replace(/\{/g, '{\u200b');
}

/** Long group names on a category axis: cut to a readable width (the full name stays in the tooltip), as plain text. */
export function shorten(label: string, max = 26): string {
  return plainLabel(label.length > max ? `${label.slice(0, max - 1)}…` : label);
}

/** Height for a horizontal bar chart of n groups: room for each, within reason. */
export function barsHeight(n: number, perGroup = 30): number {
  return Math.max(220, Math.min(760, 70 + n * perGroup));
}
