import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the Data screen: drop zone, import card (mapping, progress, report), datasets, history, rejects. */
export class DataPage {
  constructor(readonly page: Page) {}

  /** Opens the app and goes to the Data screen. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.click();
    await this.dropZone.waitFor();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Data', exact: true });
  }

  get dropZone(): Locator {
    return this.page.getByTestId('dropzone');
  }

  /** Chooses files as the "Choose files…" input does in browser mode (they are uploaded to the core). */
  async choose(...paths: string[]): Promise<void> {
    await this.page.getByLabel('Files to import').setInputFiles(paths);
  }

  get card(): Locator {
    return this.page.getByTestId('import-card');
  }

  get kind(): Locator {
    return this.page.getByLabel('Dataset kind');
  }

  column(name: string): Locator {
    return this.page.getByLabel(`File column for ${name}`, { exact: true });
  }

  mappingRow(name: string): Locator {
    return this.page.getByRole('table', { name: 'Column mapping' }).locator(`tr[data-column="${name}"]`);
  }

  /** Waits until the mapping step shows the core's answer to the last change. */
  async settled(): Promise<void> {
    await expect(this.page.getByRole('table', { name: 'Column mapping' })).toHaveAttribute('aria-busy', 'false');
  }

  get mappingSource(): Locator {
    return this.page.getByTestId('mapping-source');
  }

  get customColumns(): Locator {
    return this.page.getByTestId('custom-columns');
  }

  get problems(): Locator {
    return this.page.getByTestId('import-problems');
  }

  get importButton(): Locator {
    return this.card.getByRole('button', { name: 'Import', exact: true });
  }

  get error(): Locator {
    return this.page.getByTestId('import-error');
  }

  get report(): Locator {
    return this.page.getByTestId('import-report');
  }

  /** A number of the report's "read = imported + rejected + duplicates", as a number. */
  async count(id: 'read' | 'imported' | 'rejected' | 'duplicates'): Promise<number> {
    const text = await this.report.getByTestId(`report-${id}`).locator('.count-value').innerText();
    return Number(text.replace(/,/g, ''));
  }

  get reportRejects(): Locator {
    return this.report.getByRole('table', { name: 'First rejects' });
  }

  datasetRows(kind: string): Locator {
    return this.page.getByTestId('data-datasets').locator(`li[data-kind="${kind}"] .tile-value`);
  }

  get history(): Locator {
    return this.page.getByTestId('import-history');
  }

  historyRow(fileName: string): Locator {
    return this.history.locator('tbody tr').filter({ hasText: fileName });
  }

  get rejectsDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Rejects of/ });
  }
}
