import { useCallback, useMemo, useRef, useState } from 'react';
import type { Dashboard, DashboardFilters, DashboardTile, PdfPage } from '../../../src-main/contract/dashboards';
import { api } from '../../api/client';
import { fetchQuery, mutate, setQueryData, useQuery } from '../../lib/query';
import { fileBase } from '../../charts/exportChart';
import { useUnsaved } from '../../unsaved';
import { useConfirm } from '../../components/ConfirmDialog';
import { downloadBase64 } from '../import/download';
import { jobOutcome, runJob } from '../../lib/jobs';
import { AddTile } from './AddTile';
import { FilterBar } from './FilterBar';
import { addTile, laidOut, move, moveBefore, remove, resize, slideOrder, tilePx } from './layout';
import { Presentation } from './Presentation';
import { hasFilters, NO_FILTERS, scopeText, UNFILTERED } from './scope';
import { tilePage } from './snapshot';
import { pdfTableOf, type SlideTableModel } from './slideTable';
import { scopeLine, tileScope } from './slideScope';
import { TileFrame } from './TileFrame';
import { TileBody } from './tiles/TileBody';
import { LINKED, useBrushLink } from './brushLink';
import { useBrushing } from '../../lib/brushedPivot';
import './dashboards.css';

/** Waits until no tile is still fetching (a PDF of "Loading…" helps nobody); gives up after 30 s. */
async function settled(root: HTMLElement | null): Promise<void> {
  for (let waited = 0; root?.querySelector('[data-loading]'); waited += 200) {
    if (waited > 30_000) throw new Error('Some tiles are still loading after 30 seconds: try the PDF again in a moment.');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Lets React render and ECharts draw (two animation frames). */
const nextFrames = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

interface Draft {
  name: string;
  tiles: DashboardTile[];
}

/**
 * Dashboards: saved views on a 12-column grid with filters for the whole dashboard, stored in the
 * workspace. Edit arranges tiles (drag, move, resize, title, note); Present shows them as slides; PDF
 * and Print give the same tiles on paper.
 */
export function DashboardsPage({ theme }: { theme: 'light' | 'dark' }) {
  const listQuery = useQuery('dashboards.list', {});
  const list = listQuery.data;
  // The dashboard chosen; the first one while none is (or the chosen one was deleted).
  const [chosenId, setCurrentId] = useState<string | null>(null);
  const currentId = list ? (chosenId && list.some((d) => d.dashboardId === chosenId) ? chosenId : (list[0]?.dashboardId ?? null)) : null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [presenting, setPresenting] = useState<number | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setError] = useState<string | null>(null);
  const error = problem ?? listQuery.error?.message ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  // The name of a dashboard being created (Electron has no window.prompt).
  const [naming, setNaming] = useState<string | null>(null);
  const endPresentation = useCallback(() => setPresenting(null), []);
  const grid = useRef<HTMLDivElement>(null);
  // While a PDF is made, charts draw in the light palette: paper is white whatever the screen's theme.
  const [paper, setPaper] = useState(false);
  // Each table tile's whole table, which its PDF page lays out (its box on screen scrolls).
  const tables = useRef(new Map<string, SlideTableModel>());
  const onTable = useCallback(
    (id: string, t: SlideTableModel | null) => void (t ? tables.current.set(id, t) : tables.current.delete(id)),
    [],
  );
  const views = useQuery('views.list', {});
  const fieldList = useQuery('pivot.fields', {});
  const info = useQuery('workspace.info', {});

  // The list after a write (the write refreshed it): what `current` reads next.
  const reloaded = () => fetchQuery('dashboards.list', {});
  const setList = (update: (l: Dashboard[]) => Dashboard[]) => setQueryData('dashboards.list', {}, update);

  const current = list?.find((d) => d.dashboardId === currentId) ?? null;
  const tiles = useMemo(() => slideOrder(draft?.tiles ?? current?.tiles ?? []), [draft, current]);
  // Brushing a date range on the entries tile: the view tiles follow each move.
  const link = useBrushLink(tiles, grid);
  const brushing = useBrushing(link.source);
  const filters = current?.filters ?? NO_FILTERS;
  useUnsaved(
    'dashboards',
    draft !== null &&
      current !== null &&
      (draft.name !== current.name || JSON.stringify(draft.tiles) !== JSON.stringify(laidOut(current.tiles))),
  );

  const save = async (d: Dashboard) => {
    const saved = await api.call('dashboards.save', { dashboardId: d.dashboardId, name: d.name, tiles: d.tiles, filters: d.filters });
    setList((l) => l.map((x) => (x.dashboardId === saved.dashboardId ? saved : x)));
    return saved;
  };
  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  // Filters apply at once and are kept with the dashboard.
  const setFilters = (f: DashboardFilters) => {
    if (!current) return;
    setList((l) => l.map((x) => (x.dashboardId === current.dashboardId ? { ...x, filters: f } : x)));
    if (!(f.from && f.to && f.from > f.to)) void save({ ...current, filters: f }).catch((e: Error) => setError(e.message));
  };

  const create = () =>
    run('create', async () => {
      const name = (naming ?? '').trim();
      if (!name) throw new Error('Give the new dashboard a name.');
      setNaming(null);
      const d = await mutate('dashboards.save', {
        name,
        tiles: current ? laidOut(current.tiles) : [],
        filters: current?.filters ?? NO_FILTERS,
      });
      await reloaded();
      setCurrentId(d.dashboardId);
      setDraft({ name: d.name, tiles: d.tiles });
    });
  const del = async () => {
    if (!current || current.builtIn) return;
    const ok = await confirm({
      title: `Delete the dashboard “${current.name}”?`,
      body: <p>Its tiles and notes are lost; the data and saved views stay.</p>,
      confirmLabel: 'Delete dashboard',
      danger: true,
    });
    if (ok)
      void run('delete', async () => {
        await mutate('dashboards.delete', { dashboardId: current.dashboardId });
        await reloaded();
      });
  };
  const saveDraft = () =>
    current &&
    draft &&
    void run('save', async () => {
      if (!draft.name.trim()) throw new Error('Give the dashboard a name.');
      await save({ ...current, name: draft.name.trim(), tiles: laidOut(draft.tiles) });
      setDraft(null);
      setNotice('Dashboard saved.');
    });

  const exportPdf = (layout: 'dashboard' | 'slides') =>
    current &&
    void run(layout, async () => {
      await settled(grid.current);
      let pages: PdfPage[];
      try {
        setPaper(true);
        await nextFrames();
        const fields = new Map((fieldList.data ?? []).map((f) => [f.id, f]));
        pages = tiles.flatMap((t) => {
          const el = grid.current?.querySelector<HTMLElement>(`[data-tile="${t.tileId}"] .dash-tile-body`);
          if (!el) return [];
          const page = tilePage(el, t, hasFilters(filters) ? UNFILTERED[t.kind] : undefined);
          const table = tables.current.get(t.tileId);
          if (table) page.table = pdfTableOf(table);
          // Every page says its dates and filters, a view's own included: a page handed round alone still does.
          const view = views.data?.find((v) => v.viewId === t.viewId);
          page.scope = scopeLine(tileScope(t, filters, { view, fields, campaign: info.data?.dateRange }));
          return [page];
        });
      } finally {
        setPaper(false);
      }
      if (!pages.length) throw new Error('This dashboard has no tiles to put in a PDF: add some in Edit.');
      // A job in the core writes the PDF (desktop: where the save dialog says; browser: a one-time download).
      const fileName = `${fileBase(current.name)}${layout === 'slides' ? '-slides' : ''}.pdf`;
      const job = await runJob(
        'dashboards.exportPdf',
        // The cover says the dashboard's dates and filters in the same words as each page.
        { name: current.name, scope: scopeLine(tileScope({ kind: 'kpis' }, filters, { campaign: info.data?.dateRange })), layout, pages },
        { fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] },
      );
      if (!job) return;
      if (job.state !== 'done') throw new Error(jobOutcome(job));
      const n = job.output?.pages ?? pages.length;
      setNotice(`${jobOutcome(job)} (${n} page${n === 1 ? '' : 's'}).`);
    });

  // The desktop renders the print layout to PDF itself (Electron's printToPDF); a browser prints (and can "Save as PDF").
  const print = () =>
    void run('print', async () => {
      await settled(grid.current);
      if ((await api.call('app.info')).host !== 'electron') return window.print();
      const { pdfBase64 } = await api.call('app.printToPdf', { landscape: true });
      downloadBase64(`${fileBase(current?.name ?? 'dashboard')}-print.pdf`, pdfBase64, 'application/pdf');
    });

  // Each edit applies to the draft as it is when React applies it (a functional update): two edits
  // in a row (a title typed, then Move earlier) both count, even before the page renders between them.
  const editDraft = (f: (tiles: DashboardTile[]) => DashboardTile[]) => setDraft((d) => d && { ...d, tiles: f(d.tiles) });
  const edits = (t: DashboardTile) =>
    draft && {
      onMove: (by: -1 | 1) => editDraft((tiles) => move(tiles, t.tileId, by)),
      onResize: (w: number, h: number) => editDraft((tiles) => resize(tiles, t.tileId, w, h)),
      onRemove: () => editDraft((tiles) => remove(tiles, t.tileId)),
      onChange: (p: Partial<Pick<DashboardTile, 'title' | 'note'>>) =>
        editDraft((tiles) => tiles.map((x) => (x.tileId === t.tileId ? { ...x, ...p } : x))),
      onDropBefore: (dragged: string) => editDraft((tiles) => moveBefore(tiles, dragged, t.tileId)),
    };

  if (!list) return <div className="loading">{error ?? 'Loading dashboards…'}</div>;
  return (
    <div className="page dashboards">
      <header className="page-header dash-head">
        {draft ? (
          <input
            className="dash-name"
            aria-label="Dashboard name"
            value={draft.name}
            maxLength={120}
            onChange={(e) => setDraft((d) => d && { ...d, name: e.target.value })}
          />
        ) : (
          <label className="dash-pick">
            <span className="visually-hidden">Dashboard</span>
            <select aria-label="Dashboard" value={currentId ?? ''} onChange={(e) => setCurrentId(e.target.value)}>
              {list.map((d) => (
                <option key={d.dashboardId} value={d.dashboardId}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="dash-actions">
          {draft ? (
            <>
              <button type="button" onClick={saveDraft} disabled={busy !== null}>
                Save
              </button>
              <button type="button" className="ghost" onClick={() => setDraft(null)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                onClick={() => tiles.length && setPresenting(0)}
                disabled={!tiles.length}
                title="Full screen, one tile per slide; arrows or space to move, Esc to leave"
              >
                Present
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => current && setDraft({ name: current.name, tiles: laidOut(current.tiles) })}
              >
                Edit
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => exportPdf('dashboard')}
                disabled={busy !== null}
                title="A PDF with a cover and one page per tile"
              >
                {busy === 'dashboard' ? 'Making PDF…' : 'PDF'}
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => exportPdf('slides')}
                disabled={busy !== null}
                title="The presentation as a PDF: one landscape page per slide"
              >
                {busy === 'slides' ? 'Making PDF…' : 'Slides PDF'}
              </button>
              <button
                type="button"
                className="ghost"
                onClick={print}
                disabled={busy !== null}
                title="Print the dashboard, one tile per page (the desktop app saves it as a PDF)"
              >
                Print
              </button>
              {naming === null ? (
                <button type="button" className="ghost" onClick={() => setNaming('')}>
                  New dashboard
                </button>
              ) : (
                <form className="dash-new" onSubmit={(e) => (e.preventDefault(), void create())}>
                  <input
                    autoFocus
                    aria-label="Name of the new dashboard"
                    placeholder="Name of the new dashboard"
                    value={naming}
                    maxLength={120}
                    onChange={(e) => setNaming(e.target.value)}
                  />
                  <button type="submit">Create</button>
                  <button type="button" className="ghost" onClick={() => setNaming(null)}>
                    Cancel
                  </button>
                </form>
              )}
              {current && !current.builtIn && (
                <button type="button" className="ghost danger" onClick={() => void del()}>
                  Delete
                </button>
              )}
            </>
          )}
        </div>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {notice && !error && (
        <p className="muted dash-notice" role="status" onAnimationEnd={() => setNotice(null)}>
          {notice}
        </p>
      )}
      <p className="print-only dash-print-scope">
        {current?.name} · {scopeText(filters)}
      </p>
      {current && <FilterBar filters={filters} onChange={setFilters} />}
      {draft && <AddTile onAdd={(t) => editDraft((tiles) => addTile(tiles, t))} />}
      {tiles.length === 0 && (
        <p className="muted">No tiles yet. {draft ? 'Add one above.' : 'Choose Edit to add charts, tables, key figures and the map.'}</p>
      )}
      <div className="dash-grid" ref={grid} data-testid="dashboard-grid">
        {tiles.map((t, i) => (
          <TileFrame
            key={t.tileId}
            tile={t}
            index={i}
            count={tiles.length}
            filtered={hasFilters(filters)}
            edits={edits(t)}
            waiting={brushing && !LINKED.has(t.kind)}
          >
            <TileBody
              tile={t}
              filters={filters}
              theme={paper ? 'light' : theme}
              height={Math.max(140, tilePx(t.h) - 56)}
              big={false}
              onFilters={draft ? undefined : setFilters}
              link={draft ? undefined : link}
              onTable={onTable}
            />
          </TileFrame>
        ))}
      </div>
      {presenting !== null && current && (
        <Presentation name={current.name} slides={tiles} filters={filters} start={presenting} onClose={endPresentation} />
      )}
      {confirmDialog}
    </div>
  );
}
