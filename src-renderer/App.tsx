import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../src-main/contract/types';
import { api } from './api/client';
import { ErrorBanner } from './components/ErrorBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { TaskProgress } from './components/TaskProgress';
import { UpdatedNote } from './components/UpdatedNote';
import { DataPage } from './features/import/DataPage';
import { isImportTask } from './features/import/sources';
import { OverviewPage } from './features/overview/OverviewPage';
import { WorkspaceBar } from './features/workspace/WorkspaceBar';
import { useTheme, type ThemeChoice } from './theme';
import { forgetScreens, goTo, useRoute } from './lib/route';

/**
 * Every screen but the Overview (the first one painted) and Data (always mounted) is its own chunk,
 * loaded when first shown: the first paint waits for less script. Once the app is idle the rest are
 * fetched ahead, so switching screens later does not wait on the network or the disk.
 */
const SCREENS = {
  explore: () => import('./features/explore/ExplorePage').then((m) => ({ default: m.ExplorePage })),
  map: () => import('./features/geo/MapPage').then((m) => ({ default: m.MapPage })),
  segments: () => import('./features/segments/SegmentsPage').then((m) => ({ default: m.SegmentsPage })),
  dashboards: () => import('./features/dashboards/DashboardsPage').then((m) => ({ default: m.DashboardsPage })),
  deliver: () => import('./features/deliver/DeliverPage').then((m) => ({ default: m.DeliverPage })),
  draw: () => import('./features/draw/DrawPage').then((m) => ({ default: m.DrawPage })),
  messages: () => import('./features/messages/MessagesPage').then((m) => ({ default: m.MessagesPage })),
  roi: () => import('./features/roi/RoiPage').then((m) => ({ default: m.RoiPage })),
  replies: () => import('./features/replies/RepliesPage').then((m) => ({ default: m.RepliesPage })),
};
const ExplorePage = lazy(SCREENS.explore);
const MapPage = lazy(SCREENS.map);
const SegmentsPage = lazy(SCREENS.segments);
const DashboardsPage = lazy(SCREENS.dashboards);
const DeliverPage = lazy(SCREENS.deliver);
const DrawPage = lazy(SCREENS.draw);
const MessagesPage = lazy(SCREENS.messages);
const RoiPage = lazy(SCREENS.roi);
const RepliesPage = lazy(SCREENS.replies);
const prefetchScreens = () => Object.values(SCREENS).forEach((load) => void load().catch(() => undefined));

const NAV = [
  { id: 'overview', label: 'Overview' },
  { id: 'dashboards', label: 'Dashboards' },
  { id: 'roi', label: 'ROI' },
  { id: 'explore', label: 'Explore' },
  { id: 'segments', label: 'Segments' },
  { id: 'map', label: 'Map' },
  { id: 'messages', label: 'Messages' },
  { id: 'deliver', label: 'Deliver' },
  { id: 'replies', label: 'Replies' },
  { id: 'draw', label: 'Winner draw' },
  { id: 'data', label: 'Data' },
] as const;
type PageId = (typeof NAV)[number]['id'];

export function App() {
  const { choice, effective, setChoice } = useTheme();
  const [app, setApp] = useState<AppInfo | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  // The screen is the URL's (back and forward walk between screens; a reload stays where it was).
  const route = useRoute();
  const page: PageId = NAV.some((n) => n.id === route.page) ? (route.page as PageId) : 'overview';
  const [error, setError] = useState<Error | null>(null);
  // When the open workspace's data last changed under the screens (not when another was opened).
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [updatedBy, setUpdatedBy] = useState<string[] | null>(null);
  const openPath = useRef<string | null>(null);
  const onError = useCallback((e: Error) => setError(e), []);
  const showData = useCallback(() => goTo('data'), []);

  useEffect(() => {
    if (!workspace) return;
    // After the first chart is painted (EChart's performance mark), or 5 s at the latest: the other
    // screens' code never competes with the first screen for the network or the main thread.
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
      idle(prefetchScreens);
    };
    const seen = () => performance.getEntriesByName('ace:first-chart').length > 0;
    if (seen()) go();
    const observer = new PerformanceObserver(() => seen() && go());
    observer.observe({ type: 'mark' });
    const timer = window.setTimeout(go, 5000);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [workspace]);

  useEffect(() => {
    api
      .call('app.info')
      .then(async (info) => {
        setApp(info);
        // First launch with nothing chosen: open the demo campaign so the product is live.
        const w = info.workspace ?? (await api.call('workspace.openDemo'));
        openPath.current = w.path;
        setWorkspace(w);
      })
      .catch(onError);
    return api.on('workspace.changed', ({ workspace: w, by }) => {
      if (w && openPath.current === w.path) setUpdatedAt(Date.now());
      else setUpdatedAt(null);
      setUpdatedBy(by ?? null);
      // Another workspace: the screens' remembered pivots, options and drafts were about the last one.
      if (openPath.current !== null && openPath.current !== (w?.path ?? null)) forgetScreens();
      openPath.current = w?.path ?? null;
      setWorkspace(w);
      setError(null);
    });
  }, [onError]);

  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◆
          </span>
          <div>
            <div className="brand-name">ACE Workstation</div>
            <div className="muted small">Active Customer Engagement</div>
          </div>
        </div>
        <nav aria-label="Screens">
          {NAV.map((n) => (
            <button
              key={n.id}
              type="button"
              className={`nav-item ${page === n.id ? 'active' : ''}`}
              aria-current={page === n.id ? 'page' : undefined}
              onClick={() => goTo(n.id)}
            >
              {n.label}
            </button>
          ))}
        </nav>
        <div className="sidebar-foot">
          <label className="small muted" htmlFor="theme">
            Theme
          </label>
          <select id="theme" value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)}>
            <option value="system">Follow system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          {app && (
            <div className="small muted">
              v{app.version} · {app.host === 'electron' ? 'desktop' : 'browser mode'}
            </div>
          )}
        </div>
      </aside>
      <main className="main">
        {app && <WorkspaceBar app={app} workspace={workspace} onError={onError} />}
        <UpdatedNote at={updatedAt} by={updatedBy} />
        <TaskProgress hide={page === 'data' ? isImportTask : undefined} />
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {app && workspace ? (
          <>
            <ErrorBoundary resetKey={page}>
              <Suspense fallback={<div className="loading">Loading…</div>}>
                {page === 'overview' && (
                  <OverviewPage key={`overview:${workspace.path}`} theme={effective} onError={onError} onImport={showData} />
                )}
                {page === 'roi' && <RoiPage key={`roi:${workspace.path}`} theme={effective} />}
                {page === 'explore' && <ExplorePage key={`explore:${workspace.path}`} theme={effective} />}
                {page === 'segments' && <SegmentsPage key={`segments:${workspace.path}`} theme={effective} />}
                {page === 'map' && <MapPage key={`map:${workspace.path}`} theme={effective} />}
                {page === 'dashboards' && <DashboardsPage key={`dashboards:${workspace.path}`} theme={effective} />}
                {page === 'draw' && <DrawPage key={`draw:${workspace.path}`} />}
                {page === 'messages' && <MessagesPage key={`messages:${workspace.path}`} />}
                {page === 'deliver' && <DeliverPage key={`deliver:${workspace.path}`} theme={effective} />}
                {page === 'replies' && <RepliesPage key={`replies:${workspace.path}`} />}
              </Suspense>
            </ErrorBoundary>
            {/* Always mounted: an import keeps running while you look elsewhere, and files dropped on any screen land here. */}
            <DataPage key={`data:${workspace.path}`} app={app} workspace={workspace} hidden={page !== 'data'} onShow={showData} />
          </>
        ) : (
          !error && <div className="loading">Opening the demo campaign…</div>
        )}
      </main>
    </div>
  );
}
