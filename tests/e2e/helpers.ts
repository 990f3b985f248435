import type { Locator, Page } from '@playwright/test';

export { emptyWorkspace } from './fixtures';

/**
 * Waits until the ECharts canvases in `scope` (every chart on the page by default) have finished drawing:
 * each is visible and its pixels stay the same over several animation frames in a row, which is when
 * ECharts' `finished` event fires (its animations over, nothing left to paint). For screenshots and
 * pixel checks, instead of a fixed sleep.
 */
export async function chartsDrawn(page: Page, scope?: Locator, opts: { timeout?: number } = {}): Promise<void> {
  const root = scope ?? page.locator('body');
  await root
    .locator('[data-testid="echart"] canvas')
    .first()
    .waitFor({ state: 'visible', timeout: opts.timeout ?? 15_000 });
  const settled = await root.evaluate(async (el, timeout) => {
    const canvases = Array.from(el.querySelectorAll<HTMLCanvasElement>('[data-testid="echart"] canvas')).filter(
      (c) => c.width > 0 && c.height > 0 && c.getClientRects().length > 0,
    );
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const snapshot = () => canvases.map((c) => c.toDataURL()).join('\n');
    const until = performance.now() + timeout;
    let last = snapshot();
    let same = 0;
    // Five frames without a change: ECharts animates every frame while it has anything left to draw.
    while (same < 5 && performance.now() < until) {
      await frame();
      const now = snapshot();
      same = now === last ? same + 1 : 0;
      last = now;
    }
    return same >= 5;
  }, opts.timeout ?? 15_000);
  if (!settled) throw new Error('the charts kept changing: they never finished drawing');
}
