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
  async addByMenu(id: string, item: 'Add to rows' | 'Add to columns' | 'Add to filters' | RegExp): Promise<void> {
    await this.field(id).getByRole('button', { name: /add to…/ }).click();
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
      for (const tr of trs) for (const td of Array.from(tr.querySelectorAll('td[data-col]'))) out[`${tr.getAttribute('data-row')}|${td.getAttribute('data-col')}|${td.getAttribute('data-m')}`] = (td.textContent ?? '').trim();
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
}
