import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { downloadBase64, downloadText } from '../features/import/download';

echarts.use([SVGRenderer]);

/** The first opaque background behind an element (the card the chart sits on), for a PNG without holes. */
export function backgroundOf(el: HTMLElement | null): string {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/** The chart as shown, as a PNG data URL at twice the screen's resolution (sharp in print and slides). */
export function chartPngDataUrl(chart: echarts.ECharts, background: string, pixelRatio = 2): string {
  return chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: background, excludeComponents: ['dataZoom'] });
}

/**
 * The chart as SVG: the same option drawn again by ECharts' SVG renderer at the same size (server-side
 * mode, nothing attached to the page), so lines and text stay vector in a slide deck or a document.
 */
export function chartSvg(chart: echarts.ECharts, background: string): string {
  const svg = echarts.init(null as unknown as HTMLElement, undefined, {
    renderer: 'svg',
    ssr: true,
    width: chart.getWidth(),
    height: chart.getHeight(),
  });
  try {
    const option = chart.getOption() as Record<string, unknown>;
    svg.setOption({ ...option, animation: false, backgroundColor: background });
    return svg.renderToSVGString();
  } finally {
    svg.dispose();
  }
}

export function fileBase(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'chart'
  );
}

export function downloadChartPng(chart: echarts.ECharts, el: HTMLElement | null, name: string): void {
  // Decoded from the data URL here: the page's CSP keeps fetch to its own origin.
  const url = chartPngDataUrl(chart, backgroundOf(el));
  downloadBase64(`${fileBase(name)}.png`, url.slice(url.indexOf(',') + 1), 'image/png');
}

export function downloadChartSvg(chart: echarts.ECharts, el: HTMLElement | null, name: string): void {
  downloadText(`${fileBase(name)}.svg`, chartSvg(chart, backgroundOf(el)), 'image/svg+xml;charset=utf-8');
}
