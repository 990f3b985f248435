import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { chartsDrawn } from '../helpers';

/** One row of the store table as shown, by column id. */
export interface ShownStore {
  storeId: string;
  cells: Record<string, string>;
}

/** Page model of the Map screen: radius and store pickers, the map, the store view, the store table. */
export class MapPage {
  constructor(readonly page: Page) {}

  /** Opens the app and goes to the Map screen, once the store table has its rows. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.click();
    await expect(this.table.locator('tbody tr').first()).toBeVisible();
    await this.settled();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Map', exact: true });
  }

  get radius(): Locator {
    return this.page.getByLabel('Radius in miles');
  }

  get storePicker(): Locator {
    return this.page.getByLabel('Store', { exact: true });
  }

  get colourBy(): Locator {
    return this.page.getByLabel('Colour by');
  }

  get map(): Locator {
    return this.page.locator('.map-card').getByTestId('echart');
  }

  get noLocation(): Locator {
    return this.page.getByTestId('no-location');
  }

  get table(): Locator {
    return this.page.getByTestId('store-table');
  }

  get storeView(): Locator {
    return this.page.getByTestId('store-view');
  }

  get responders(): Locator {
    return this.storeView.getByTestId('store-responders');
  }

  /** Waits until no question is on its way (the slider's included). */
  async settled(): Promise<void> {
    await expect(this.page.locator('.map-busy')).not.toHaveText(/Updating/);
    await expect(this.page.locator('.map-stores')).toHaveAttribute('aria-busy', 'false');
  }

  /** Moves the radius slider to `miles` and waits for the table to be about that radius. */
  async setRadius(miles: number): Promise<void> {
    await this.radius.fill(String(miles));
    await expect(this.page.getByTestId('radius-value')).toHaveText(`${miles} mi`);
    await expect(this.table.locator('thead')).toContainText(`Responders within ${miles} mi`);
    await this.settled();
  }

  row(storeId: string): Locator {
    return this.table.locator(`tbody tr[data-store="${storeId}"]`);
  }

  /** The table as shown, top to bottom. */
  async rows(): Promise<ShownStore[]> {
    return this.table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        storeId: tr.getAttribute('data-store') ?? '',
        cells: Object.fromEntries(
          Array.from(tr.querySelectorAll('[data-col]')).map((c) => [c.getAttribute('data-col')!, (c.textContent ?? '').trim()]),
        ),
      })),
    );
  }

  async sortBy(header: string | RegExp): Promise<void> {
    await this.table.locator('thead').getByRole('button', { name: header }).click();
  }

  /** Picks a store from the table (its name is a button) and waits for its view. */
  async pickFromTable(storeId: string, name: string): Promise<void> {
    await this.row(storeId).getByRole('button', { name }).click();
    await expect(this.storeView.getByRole('heading', { level: 2 })).toHaveText(name);
    await expect(this.storeView).toHaveAttribute('aria-busy', 'false');
  }

  /** Clicks the map at a point of the chart (pixels from its top-left corner). */
  async clickMap(x: number, y: number): Promise<void> {
    await this.map.click({ position: { x, y } });
  }

  async mapSize(): Promise<{ width: number; height: number }> {
    const box = (await this.map.boundingBox())!;
    return { width: box.width, height: box.height };
  }

  /** A breakdown of the store view as [label, people] pairs. */
  async breakdown(testId: string): Promise<[string, string][]> {
    return this.storeView
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map(
          (tr) =>
            [(tr.querySelector('th')?.textContent ?? '').trim(), (tr.querySelector('.map-bar-value')?.textContent ?? '').trim()] as [
              string,
              string,
            ],
        ),
      );
  }

  async makeSegment(): Promise<string> {
    await this.storeView.getByRole('button', { name: /^Make a segment of these [\d,]+ people$/ }).click();
    const status = this.storeView.getByTestId('segment-status');
    await expect(status).toContainText('Saved as segment');
    return (await status.textContent()) ?? '';
  }

  /** Clicks "Export CSV" and returns the file's name and text. */
  async exportCsv(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  }

  async theme(choice: 'light' | 'dark'): Promise<void> {
    await this.page.getByLabel('Theme').selectOption(choice);
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', choice);
  }

  /** Lets the charts finish drawing (ECharts' animations over) before a screenshot. */
  async screenshot(path: string): Promise<void> {
    await chartsDrawn(this.page);
    await this.page.screenshot({ path, fullPage: true });
  }
}
