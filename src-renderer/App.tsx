import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../src-main/contract/types';
import { api } from './api/client';
import { ErrorBanner } from './components/ErrorBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { TaskProgress } from './components/TaskProgress';
import { UpdatedNote } from './components/UpdatedNote';
import { ExplorePage } from './features/explore/ExplorePage';
import { MapPage } from './features/geo/MapPage';
import { SegmentsPage } from './features/segments/SegmentsPage';
import { DataPage } from './features/import/DataPage';
import { DashboardsPage } from './features/dashboards/DashboardsPage';
import { DeliverPage } from './features/deliver/DeliverPage';
import { DrawPage } from './features/draw/DrawPage';
import { MessagesPage } from './features/messages/MessagesPage';
import { isImportTask } from './features/import/sources';
import { OverviewPage } from './features/overview/OverviewPage';
import { RoiPage } from './features/roi/RoiPage';
import { WorkspaceBar } from './features/workspace/WorkspaceBar';
import { useTheme, type ThemeChoice } from './theme';

const NAV = [
  { id: 'overview', label: 'Overview' },
  { id: 'dashboards', label: 'Dashboards' },
  { id: 'roi', label: 'ROI' },
  { id: 'explore', label: 'Explore' },
  { id: 'segments', label: 'Segments' },
  { id: 'map', label: 'Map' },
  { id: 'messages', label: 'Messages' },
  { id: 'deliver', label: 'Deliver' },
  { id: 'draw', label: 'Winner draw' },
  { id: 'data', label: 'Data' },
] as const;
type PageId = (typeof NAV)[number]['id'];

export function App() {
  const { choice, effective, setChoice } = useTheme();
  const [app, setApp] = useState<AppInfo | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [page, setPage] = useState<PageId>('overview');
  const [error, setError] = useState<Error | null>(null);
  // When the open workspace's data last changed under the screens (not when another was opened).
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const openPath = useRef<string | null>(null);
  const onError = useCallback((e: Error) => setError(e), []);
  const showData = useCallback(() => setPage('data'), []);

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
    return api.on('workspace.changed', ({ workspace: w }) => {
      if (w && openPath.current === w.path) setUpdatedAt(Date.now());
      else setUpdatedAt(null);
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
              onClick={() => setPage(n.id)}
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
        <UpdatedNote at={updatedAt} />
        <TaskProgress hide={page === 'data' ? isImportTask : undefined} />
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {app && workspace ? (
          <>
            <ErrorBoundary resetKey={page}>
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
