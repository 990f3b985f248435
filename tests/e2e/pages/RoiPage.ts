import { expect, type Locator, type Page } from '@playwright/test';

/** One row of the ROI table as shown: its kind, its key, and the text of each figure cell by column id. */
export interface ShownRow {
  row: 'group' | 'unattributed' | 'total';
  key: string;
  label: string;
  cells: Record<string, string>;
}

/** Page model of the ROI screen: toolbar, table, explain dialog, drill panel. */
export class RoiPage {
  constructor(readonly page: Page) {}

  /** Opens the app and goes to the ROI screen, once its table is there. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.click();
    await this.table.waitFor();
    await this.settled();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'ROI', exact: true });
  }

  get table(): Locator {
    return this.page.getByTestId('roi-table');
  }

  get grouping(): Locator {
    return this.page.getByLabel('Group by');
  }

  get from(): Locator {
    return this.page.getByLabel('From', { exact: true });
  }

  get to(): Locator {
    return this.page.getByLabel('To', { exact: true });
  }

  get margin(): Locator {
    return this.page.getByLabel('Gross margin %');
  }

  /** A filter's multi-select (media_type, market, channel). */
  filter(field: string): Locator {
    return this.page.getByTestId(`filter-${field}`);
  }

  get notes(): Locator {
    return this.page.getByTestId('roi-notes');
  }

  /** Waits until no question is on its way (every change re-queries at once). */
  async settled(): Promise<void> {
    await expect(this.page.locator('.roi-busy')).toHaveText('');
    await expect(this.page.locator('.roi-table-card')).toHaveAttribute('aria-busy', 'false');
  }

  row(key: string): Locator {
    return this.table.locator(`tbody tr[data-row="group"][data-key="${key}"]`);
  }

  get unattributed(): Locator {
    return this.table.locator('tr[data-row="unattributed"]');
  }

  get total(): Locator {
    return this.table.locator('tfoot tr[data-row="total"]');
  }

  cell(row: Locator, column: string): Locator {
    return row.locator(`td[data-col="${column}"]`);
  }

  header(column: string): Locator {
    return this.table.locator(`thead th[data-col="${column}"]`);
  }

  /** Every row of the table, in display order, read in one pass. */
  async rows(): Promise<ShownRow[]> {
    return this.table.locator('tr[data-row]').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells: Record<string, string> = {};
        for (const td of Array.from(tr.querySelectorAll('td[data-col]')))
          cells[td.getAttribute('data-col')!] = (td.textContent ?? '').trim();
        return {
          row: tr.getAttribute('data-row') as ShownRow['row'],
          key: tr.getAttribute('data-key') ?? '',
          label: (tr.querySelector('th')?.firstElementChild?.textContent ?? '').trim(),
          cells,
        };
      }),
    );
  }

  get explainDialog(): Locator {
    return this.page.getByTestId('explain-dialog');
  }

  get drill(): Locator {
    return this.page.getByTestId('roi-drill');
  }

  /** Opens the drill panel of a media buy by clicking its name. */
  async openDrill(key: string): Promise<void> {
    await this.row(key).getByRole('button').first().click();
    await this.drill.waitFor();
  }
}
