import * as echarts from 'echarts/core';
import type { DashboardTile, PdfPage } from '../../../src-main/contract/dashboards';
import { chartPngDataUrl } from '../../charts/exportChart';

const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * What a tile on screen shows, as a PDF page: its chart as PNG on white (at twice the screen's resolution),
 * its key figures and its table as text (so the PDF stays searchable and sharp). Table tiles that know
 * their whole table (a saved view, ROI) replace this one with it (DashboardsPage).
 */
export function tilePage(el: HTMLElement, tile: DashboardTile, caveat?: string): PdfPage {
  const page: PdfPage = { title: tile.title || 'Untitled', note: tile.note, kpis: [], ...(caveat ? { caveat } : {}) };
  const chartEl = el.querySelector<HTMLElement>('.echart');
  const chart = chartEl ? echarts.getInstanceByDom(chartEl) : undefined;
  if (chart) page.png = chartPngDataUrl(chart, '#ffffff');
  // A card showing a compact figure ($226K) has the exact one as its title: paper gets the exact one.
  page.kpis = [...el.querySelectorAll('.kpi')].map((k) => {
    const value = k.querySelector<HTMLElement>('.kpi-value');
    return { label: text(k.querySelector('.kpi-label')), value: value?.title || text(value) };
  });
  const table = el.querySelector('table');
  if (table) {
    const headRows = [...table.querySelectorAll('thead tr')];
    const columns = [...(headRows[headRows.length - 1]?.querySelectorAll('th') ?? [])].map(text);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text));
    // Beyond what a page carries, the PDF says how many rows and columns it left out.
    page.table = {
      columns: columns.slice(0, 64),
      rows: rows.slice(0, 500).map((r) => r.slice(0, 64)),
      more: { rows: Math.max(0, rows.length - 500), columns: Math.max(0, columns.length - 64) },
    };
  }
  if (!chart && !page.kpis!.length && !page.table) {
    // Its paragraphs, not the whole text run together with its buttons' words ("ObjectivesAdd a target…").
    const paras = [...el.querySelectorAll('p, li')].map(text).filter(Boolean);
    page.note = [paras.length ? paras.join('\n') : text(el), tile.note].filter(Boolean).join('\n\n');
  }
  return page;
}
