import { join } from 'node:path';
import type { RepliesSearchResult, RepliesSummary } from '../../src-main/contract/replies';
import type { SegmentCount } from '../../src-main/contract/segments';
import { apiCall, demoWorkspace, expect, serve, test } from './fixtures';
import { SegmentsPage } from './pages/SegmentsPage';

const fmt = (n: number) => n.toLocaleString('en-US');
/** What the list says it shows: how many, and which of them when there are more than a page (50). */
const shown = (n: number) => `${fmt(n)} ${n === 1 ? 'reply' : 'replies'}${n > 50 ? ' · 1–50' : ''}`;

test('Replies: the demo’s texts back by media buy, a theme read, words searched, the people behind them made a segment', async ({
  page,
  tmp,
}) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 4000, seed: 8 });
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const sum = await apiCall<RepliesSummary>(server, 'replies.summary', {});
    expect(sum.totals.replies).toBeGreaterThan(20);
    expect(sum.themes.length).toBeGreaterThan(0);
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Replies', exact: true }).click();
    await expect(page.getByTestId('replies-kpi-replies')).toContainText(fmt(sum.totals.replies));
    await expect(page.getByTestId('replies-kpi-feedback')).toContainText(fmt(sum.totals.feedback));
    await expect(page.getByTestId('replies-kpi-optouts')).toContainText(fmt(sum.totals.optOuts));
    await expect(page.getByTestId('replies-by-buy').locator('tbody tr')).toHaveCount(sum.byMediaBuy.length);
    await expect(page.getByTestId('replies-count')).toHaveText(shown(sum.totals.replies));
    await page.screenshot({ path: 'test-results/screens/replies.png', fullPage: true });

    // A theme: the feedback that uses it, as many as the core counts.
    const theme = sum.themes[0]!;
    await page
      .getByRole('region', { name: 'Themes in the feedback' })
      .getByRole('button', { name: new RegExp(`^${theme.term} `) })
      .click();
    const byTheme = await apiCall<RepliesSearchResult>(server, 'replies.search', { theme: theme.term, types: ['feedback'] });
    expect(byTheme.total).toBe(theme.replies);
    await expect(page.getByTestId('replies-count')).toHaveText(shown(theme.replies));
    await expect(page.getByTestId('replies-list').locator('tbody tr')).toHaveCount(Math.min(50, theme.replies));

    // Words on top of the theme narrow it further; the people behind them become a segment.
    const list = page.getByRole('region', { name: 'Replies' });
    await list.getByRole('button', { name: `Clear the theme ${theme.term}` }).click();
    await list.getByLabel('Words').fill('coupon');
    const coupon = await apiCall<RepliesSearchResult>(server, 'replies.search', { text: 'coupon', types: ['feedback'] });
    await expect(page.getByTestId('replies-count')).toHaveText(shown(coupon.total));
    for (const text of await page.getByTestId('replies-list').locator('td.rp-text').allTextContents())
      expect(text.toLowerCase()).toContain('coupon');
    await list.getByRole('button', { name: 'Make a segment of these people' }).click();
    const rule = { type: 'replied', types: ['feedback'], text: 'coupon' };
    const count = await apiCall<SegmentCount>(server, 'segments.count', { rule });
    await expect(page.getByTestId('replies-segment')).toHaveText(
      `Saved “Wrote feedback with “coupon””: ${fmt(count.people)} people (${fmt(count.reachable.email)} reachable by email, ${fmt(count.reachable.sms)} by SMS).`,
    );

    // The segment opens in the rule builder as the same condition, counted the same.
    const sp = new SegmentsPage(page);
    await sp.nav.click();
    await sp.openSaved('Wrote feedback with “coupon”');
    await sp.settled();
    expect(await sp.rule()).toEqual({ all: [rule] });
    await expect(sp.people).toContainText(fmt(count.people));
    await expect(sp.condition('1').getByLabel(/words$/)).toHaveValue('coupon');
    await page.screenshot({ path: 'test-results/screens/segments-replied.png', fullPage: true });

    // Dark theme, as a campaign lead presents it.
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Replies', exact: true }).click();
    await expect(page.getByTestId('replies-kpi-replies')).toContainText(fmt(sum.totals.replies));
    await page.screenshot({ path: 'test-results/screens/replies-dark.png', fullPage: true });
  } finally {
    await server.stop();
  }
});
