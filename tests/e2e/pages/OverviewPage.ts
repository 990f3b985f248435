import type { Locator, Page } from '@playwright/test';

/** Page model of the overview screen. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  kpi(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}`).locator('.kpi-value');
  }

  datasetRows(kind: string): Locator {
    return this.page.getByTestId('datasets').locator(`tr[data-kind="${kind}"] td.num`);
  }

  get workspaceName(): Locator {
    return this.page.getByTestId('workspace-name');
  }

  get dateRange(): Locator {
    return this.page.getByTestId('date-range');
  }

  get chart(): Locator {
    return this.page.getByRole('img', { name: 'Entries per day' });
  }

  get emptyState(): Locator {
    return this.page.getByTestId('empty-state');
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }
}
