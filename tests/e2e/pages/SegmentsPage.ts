import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** Page model of the Segments screen: saved list and templates, rule builder, live count, results, export. */
export class SegmentsPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.click();
    await expect(this.list).toBeVisible();
    await this.settled();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Segments', exact: true });
  }

  get list(): Locator {
    return this.page.getByTestId('segment-list');
  }

  get templates(): Locator {
    return this.page.getByTestId('segment-templates');
  }

  get people(): Locator {
    return this.page.getByTestId('segment-people');
  }

  get email(): Locator {
    return this.page.getByTestId('segment-email');
  }

  get sms(): Locator {
    return this.page.getByTestId('segment-sms');
  }

  get preview(): Locator {
    return this.page.getByTestId('segment-preview');
  }

  get breakdown(): Locator {
    return this.page.getByTestId('segment-breakdown');
  }

  get overlap(): Locator {
    return this.page.getByTestId('segment-overlap');
  }

  get saved(): Locator {
    return this.page.getByTestId('segment-saved');
  }

  /** Waits until the count answers the rule on screen (edits are debounced, then counted). */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('segment-count')).toHaveAttribute('aria-busy', 'false');
  }

  /** The rule as the screen sends it to the core. */
  async rule(): Promise<unknown> {
    return JSON.parse((await this.page.getByTestId('segment-json').textContent()) ?? 'null') as unknown;
  }

  async newSegment(): Promise<void> {
    await this.page.getByRole('button', { name: 'New segment' }).click();
  }

  /** A group by its path ("2", "2.1"); the whole rule without one. */
  group(path?: string): Locator {
    return this.page.locator(`[data-testid="segment-group"][data-path="${path ?? 'root'}"]`);
  }

  condition(path: string): Locator {
    return this.page.locator(`[data-testid="segment-condition"][data-path="${path}"]`);
  }

  /** Adds a condition of a type (model.ts CONDITION_TYPES' `type`) to a group. */
  async addCondition(type: string, groupPath?: string): Promise<void> {
    await this.page.getByLabel(groupPath ? `Add a condition to group ${groupPath}` : 'Add a condition', { exact: true }).selectOption(type);
  }

  async addGroup(groupPath?: string): Promise<void> {
    await this.page.getByRole('button', { name: groupPath ? `Add a group to group ${groupPath}` : 'Add a group', exact: true }).click();
  }

  async combine(op: 'all' | 'any' | 'none', groupPath?: string): Promise<void> {
    await this.page.getByLabel(groupPath ? `Group ${groupPath} combines` : 'Combine conditions', { exact: true }).selectOption(op);
  }

  /** Opens a condition's value picker, searches for and ticks each value, and closes it with Escape. */
  async pickValues(path: string, values: string[]): Promise<void> {
    const picker = this.condition(path).getByTestId('value-picker');
    await picker.locator('summary').click();
    for (const v of values) {
      await picker.getByRole('searchbox').fill(v);
      await picker.getByRole('checkbox', { name: new RegExp(`^${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).check();
    }
    await this.page.keyboard.press('Escape');
  }

  /** The same from the keyboard only: Enter opens, the search box has focus, Tab to the first match, Space ticks, Escape closes. */
  async pickFirstMatchByKeyboard(path: string, search: string): Promise<void> {
    const picker = this.condition(path).getByTestId('value-picker');
    await picker.locator('summary').focus();
    await this.page.keyboard.press('Enter');
    await expect(picker.getByRole('searchbox')).toBeFocused();
    await this.page.keyboard.type(search);
    await expect(picker.getByRole('checkbox').first()).toHaveAccessibleName(new RegExp(`^${search}\\b`));
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Space');
    await this.page.keyboard.press('Escape');
    await expect(picker.locator('summary')).toBeFocused();
  }

  async save(name?: string): Promise<void> {
    if (name !== undefined) await this.page.getByLabel('Segment name').fill(name);
    await this.page.getByRole('button', { name: 'Save segment', exact: true }).click();
  }

  async saveNewVersion(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save new version', exact: true }).click();
  }

  async openSaved(name: string): Promise<void> {
    await this.list.getByRole('button', { name }).click();
  }

  async openTemplate(name: string): Promise<void> {
    await this.templates.getByRole('button', { name, exact: true }).click();
  }

  exportColumn(name: string): Locator {
    return this.page.getByRole('group', { name: /^(Columns|Personal data)/ }).getByRole('checkbox', { name, exact: true });
  }

  /** Ticks exactly these export columns (labels as shown: "entrant id", "email"). */
  async chooseColumns(labels: string[]): Promise<void> {
    const boxes = this.page.locator('[data-testid="export-columns"] input, [data-testid="export-pii"] input');
    for (const box of await boxes.all()) {
      const label = ((await box.locator('xpath=..').textContent()) ?? '').trim();
      await box.setChecked(labels.includes(label));
    }
  }

  /** Clicks an export button and returns the downloaded file's path. */
  async download(button: 'Export CSV' | 'Export XLSX'): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: button, exact: true }).click();
    return (await (await download).path())!;
  }

  async exportCsvText(): Promise<string> {
    return readFileSync(await this.download('Export CSV'), 'utf8');
  }

  /** The overlap matrix's cell for two segment ids. */
  overlapCell(a: string, b: string): Locator {
    return this.overlap.locator(`td[data-a="${a}"][data-b="${b}"]`);
  }

  async breakdownTotal(): Promise<number> {
    const cells = await this.breakdown.locator('tbody td.num').allTextContents();
    return cells.reduce((a, t) => a + Number(t.replace(/,/g, '')), 0);
  }
}
