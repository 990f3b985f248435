/**
 * `load` run on the first call; later calls get the same promise. A failure is not kept: the next call runs
 * `load` again. Also for data made once per process (derived/people.ts, geo/reference.ts, demo/generate.ts).
 */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | null = null;
  return () =>
    (p ??= load().catch((e: unknown) => {
      p = null;
      throw e;
    }));
};

/**
 * Packages that take long to load and that most runs never use, loaded on first use instead of at
 * start-up: measured alone, echarts ~1 s, zipcodes ~0.5 s, pdfkit ~0.3 s on the 2-core reference
 * machine; loaded eagerly they made every `ace` command, `ace serve` and the app's core process start
 * that much later.
 */
export const loadEcharts = once(() => import('echarts'));
export const loadPdfkit = once(() => import('pdfkit').then((m) => m.default));
/** pdfkit's font parser, ~0.3 s: asked which characters the PDF fonts have. */
export const loadFontkit = once(() => import('fontkit'));
export const loadZipcodes = once(() => import('zipcodes').then((m) => m.default));
