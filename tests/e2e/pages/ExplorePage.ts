import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** Every figure of the pivot as shown, by `<row path JSON>|<column key JSON or total>|<measure index>`. */
export type ShownCells = Record<string, string>;
export interface ShownLine {
  kind: 'detail' | 'subtotal' | 'total';
  path: (string | null)[];
  heads: string[];
}

/** Page model of the Explore screen: fields, shelves, toolbar, pivot table, chart, filter editor, drill grid. */
export class ExplorePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.click();
    await this.table.waitFor();
    await this.settled();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Explore', exact: true });
  }

  get table(): Locator {
    return this.page.getByTestId('pivot-table');
  }

  field(id: string): Locator {
    return this.page.getByTestId('field-list').locator(`li[data-field="${id}"]`);
  }

  shelf(name: 'rows' | 'cols' | 'filters' | 'measures'): Locator {
    return this.page.getByTestId(`shelf-${name}`);
  }

  chip(shelf: 'rows' | 'cols', field: string): Locator {
    return this.shelf(shelf).locator(`.ex-chip[data-field="${field}"]`);
  }

  measureChip(measure: string): Locator {
    return this.shelf('measures').locator(`.ex-chip[data-measure="${measure}"]`);
  }

  get filterChips(): Locator {
    return this.page.getByTestId('filter-chip');
  }

  /** The filters' texts as their chips read ("Market: Boston"). */
  get filterTexts(): Locator {
    return this.filterChips.locator('.ex-chip-edit');
  }

  get savedView(): Locator {
    return this.page.getByLabel('Saved view', { exact: true });
  }

  /** Drags a field from the list onto a shelf (HTML5 drag and drop). */
  async dragField(id: string, shelf: 'rows' | 'cols' | 'filters' | 'measures'): Promise<void> {
    await this.field(id).dragTo(this.shelf(shelf));
  }

  /** The keyboard alternative: the field's ⋯ menu. */
  async addByMenu(
    id: string,
    item: 'Add to rows' | 'Add to columns' | 'Add to filters' | 'Add as measure (sum)' | 'Add as measure (distinct count)' | RegExp,
  ): Promise<void> {
    await this.field(id)
      .getByRole('button', { name: /add to…/ })
      .click();
    await this.page.getByRole('menuitem', { name: item }).click();
  }

  /** Waits until no pivot is on its way (every change re-runs at once). */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('pivot-card')).toHaveAttribute('aria-busy', 'false');
    await expect(this.page.getByTestId('pivot-status')).not.toHaveText(/Running/);
  }

  /** Every figure cell, read in one pass. */
  async cells(): Promise<ShownCells> {
    return this.table.locator('tbody tr').evaluateAll((trs) => {
      const out: Record<string, string> = {};
      for (const tr of trs)
        for (const td of Array.from(tr.querySelectorAll('td[data-col]')))
          out[`${tr.getAttribute('data-row')}|${td.getAttribute('data-col')}|${td.getAttribute('data-m')}`] = (td.textContent ?? '').trim();
      return out;
    });
  }

  async lines(): Promise<ShownLine[]> {
    return this.table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        kind: tr.getAttribute('data-kind') as 'detail',
        path: JSON.parse(tr.getAttribute('data-row')!) as (string | null)[],
        heads: Array.from(tr.querySelectorAll('th')).map((th) => (th.textContent ?? '').trim()),
      })),
    );
  }

  /** A figure cell: its line by row path, its column key (JSON of the column values, or 'total') and measure index. */
  cell(path: (string | null)[], col: string, measure: number): Locator {
    return this.table.locator(`tbody tr[data-row='${JSON.stringify(path)}'] td[data-col='${col}'][data-m="${measure}"]`);
  }

  rowHeader(value: string): Locator {
    return this.table.locator('tbody tr[data-kind="detail"] th').getByRole('button', { name: value, exact: true });
  }

  get filterEditor(): Locator {
    return this.page.getByTestId('filter-editor');
  }

  get drill(): Locator {
    return this.page.getByTestId('drill-grid');
  }

  chartType(name: string): Locator {
    return this.page.getByRole('radiogroup', { name: 'Chart' }).getByText(name, { exact: true });
  }

  get toolbar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Pivot tools' });
  }

  /** An export button of the toolbar: 'CSV', 'XLSX', 'Copy as TSV', 'Raw rows (CSV)'. */
  exportButton(name: 'CSV' | 'XLSX' | 'Copy as TSV' | 'Raw rows (CSV)'): Locator {
    return this.toolbar.getByRole('group', { name: 'Export' }).getByRole('button', { name, exact: true });
  }

  /** Clicks an export button and returns the file it downloads: its suggested name and bytes. */
  async download(name: 'CSV' | 'XLSX' | 'Raw rows (CSV)', personal: string[] = []): Promise<{ name: string; bytes: Buffer }> {
    if (name === 'Raw rows (CSV)') {
      await this.exportButton(name).click();
      return this.exportRows(personal);
    }
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton(name).click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  }

  /** The dialog raw rows (and the drill's rows) ask with: which personal columns go with them. */
  get rowsDialog(): Locator {
    return this.page.getByTestId('export-rows');
  }

  /** Ticks these personal columns ("Email", "Phone") in the open rows dialog, exports, and returns the file. */
  async exportRows(personal: string[] = []): Promise<{ name: string; bytes: Buffer }> {
    await expect(this.rowsDialog).toBeVisible();
    for (const p of personal) await this.rowsDialog.getByRole('checkbox', { name: p, exact: true }).check();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.rowsDialog.getByRole('button', { name: /^Export [\d,]+ rows$/ }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  }

  /** Opens the filter editor on a new filter of a field (its ⋯ menu). */
  async newFilter(id: string): Promise<void> {
    await this.addByMenu(id, 'Add to filters');
    await expect(this.filterEditor).toBeVisible();
  }

  /** A mode of the open filter editor: 'Values', 'Range', 'Date range', 'Is empty', 'Is not empty'. */
  filterMode(name: string): Locator {
    return this.filterEditor.getByRole('radiogroup', { name: 'Filter by' }).getByText(name, { exact: true });
  }

  async closeFilter(): Promise<void> {
    await this.filterEditor.getByRole('button', { name: 'Done' }).click();
    await expect(this.filterEditor).toHaveCount(0);
  }

  /** The pivot's chart (not the timeline's). */
  get chart(): Locator {
    return this.page.getByRole('region', { name: 'Chart', exact: true }).getByTestId('echart');
  }

  /**
   * Where the chart drew something in colour, read from its canvas (ECharts draws on a canvas, so there
   * is no element to click): the horizontal runs of saturated pixels on the line `which` picks, left to
   * right, as page coordinates of their centres. 'bars': the line just above the bottom of the bars (one
   * run per bar); 'legend': the line through the legend's icons at the top (one run per legend entry).
   */
  async chartRuns(which: 'bars' | 'legend'): Promise<{ x: number; y: number; width: number }[]> {
    // Nothing hovered: an emphasised bar is drawn in another colour.
    await this.page.mouse.move(0, 0);
    const canvas = this.chart.locator('canvas').first();
    await expect(canvas).toBeVisible();
    // A mouse click only lands inside the viewport.
    await this.chart.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const found = await canvas.evaluate((el: HTMLCanvasElement, which) => {
      const ctx = el.getContext('2d')!;
      const { width: w, height: h } = el;
      const px = ctx.getImageData(0, 0, w, h).data;
      const scale = w / el.clientWidth;
      const coloured = (x: number, y: number) => {
        const i = (y * w + x) * 4;
        const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
        return a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60;
      };
      const runs = (y: number) => {
        const out: { from: number; to: number }[] = [];
        let start = -1;
        for (let x = 0; x <= w; x++) {
          const c = x < w && coloured(x, y);
          if (c && start < 0) start = x;
          if (!c && start >= 0) {
            if (x - start >= 3 * scale) out.push({ from: start, to: x - 1 });
            start = -1;
          }
        }
        return out;
      };
      let y = -1;
      if (which === 'bars') {
        // The lowest coloured line is the bars' bottom; a few pixels up avoids their anti-aliased edge.
        for (let yy = h - 1; yy >= 0 && y < 0; yy--) if (runs(yy).length) y = Math.max(0, yy - Math.round(3 * scale));
      } else {
        // The legend sits above the plot: the line of the top band with the most coloured runs.
        let best = 0;
        for (let yy = 0; yy < Math.min(h, 36 * scale); yy++) {
          const n = runs(yy).length;
          if (n > best) [best, y] = [n, yy];
        }
      }
      if (y < 0) return [];
      return runs(y).map((r) => ({ x: (r.from + r.to) / 2 / scale, y: y / scale, width: (r.to - r.from + 1) / scale }));
    }, which);
    return found.map((r) => ({ x: box.x + r.x, y: box.y + r.y, width: r.width }));
  }
}
