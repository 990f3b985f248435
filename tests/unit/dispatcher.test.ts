import { tableFromIPC } from 'apache-arrow';
import { dropPivotTable, ensurePivotTable } from '../../src-main/core/derived/pivot-table';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/core/dispatcher';
import { Session } from '../../src-main/core/session';
import { demoSession } from './helpers/demo';
import { tempDir } from './helpers/tmp';
import { builtWorkerUrl } from './helpers/worker';

const dir = tempDir();
const host = { host: 'cli' as const, version: '9.9.9', nativeDialogs: false };

describe('dispatcher', () => {
  const empty = new Session({ workerUrl: builtWorkerUrl(), dataDir: dir });
  const dispatch = createDispatcher({ session: empty, host, log: () => undefined });
  afterAll(() => empty.close());

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    expect(await dispatch('workspace.dropAll', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('validates input against the contract: BAD_INPUT with the field at fault', async () => {
    const r = await dispatch('workspace.open', { path: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: [{ path: ['path'] }] } });
    expect(await dispatch('workspace.open', { path: '/x', extra: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('overview.get', 'nonsense')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('says NO_WORKSPACE, with what to do, before a workspace is open', async () => {
    const r = await dispatch('overview.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_WORKSPACE', message: expect.stringContaining('Open a workspace') } });
    expect(await dispatch('app.info', {})).toEqual({
      ok: true,
      value: { version: '9.9.9', host: 'cli', capabilities: { nativeDialogs: false }, workspace: null },
    });
  });

  it('answers workspace.pick with UNSUPPORTED where the host has no native dialogs', async () => {
    expect(await dispatch('workspace.pick', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('wraps an unexpected failure as INTERNAL with a message and no stack trace', async () => {
    const broken = createDispatcher({
      session: empty,
      host,
      log: () => undefined,
      overrides: {
        'app.info': async () => {
          throw new TypeError('boom');
        },
      },
    });
    const r = await broken('app.info', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in app.info: boom' } });
  });

  it('serves the overview as JSON and entries per day as Arrow, and they agree', async () => {
    const s = await demoSession(dir);
    const d = createDispatcher({ session: s, host });
    const o = await d('overview.get', {});
    if (!o.ok) throw new Error(o.error.message);
    const overview = o.value as { totals: { entries: number; spend: number } };
    expect(overview.totals.entries).toBe(3000);
    const a = await d('overview.entriesPerDay', {});
    if (!a.ok) throw new Error(a.error.message);
    const t = tableFromIPC(a.value as Uint8Array);
    const sum = t.toArray().reduce((acc: number, r: { entries: number }) => acc + r.entries, 0);
    expect(sum).toBe(3000);
    const spend = await s.requireDb().one<{ s: string }>(`SELECT sum(amount)::VARCHAR AS s FROM spend`);
    expect(overview.totals.spend).toBe(Number(spend!.s));
    // The campaign's ratios are ROI's total row's (one definition, DOMAIN.md).
    const roi = await d('roi.get', {});
    if (!roi.ok) throw new Error(roi.error.message);
    const total = (roi.value as { total: Record<string, number | null> }).total;
    const ratios = (o.value as { totals: Record<string, number | null> }).totals;
    expect([ratios.costPerEntry, ratios.roas, ratios.redemptionRate]).toEqual([total.cost_per_entry, total.roas, total.redemption_rate]);
    expect(ratios.redemptionRate).toBeGreaterThan(0);
    // Entries per day read the same from Explore's flat table (when current) as from the entries.
    const db = s.requireDb();
    const want = (
      await db.rows<{ day: string; n: unknown }>(
        `SELECT strftime(entered_at::DATE, '%Y-%m-%d') AS day, count(*) AS n FROM entries GROUP BY 1 ORDER BY 1`,
      )
    ).map((r) => [r.day, Number(r.n)]);
    const perDay = async () => {
      const r = await d('overview.entriesPerDay', {});
      if (!r.ok) throw new Error(r.error.message);
      return tableFromIPC(r.value as Uint8Array)
        .toArray()
        .map((x: { day: string; entries: number }) => [x.day, Number(x.entries)]);
    };
    await ensurePivotTable(db);
    expect(await perDay()).toEqual(want);
    await db.transaction((w) => dropPivotTable(w));
    expect(await perDay()).toEqual(want);
    await s.close();
  });
});
