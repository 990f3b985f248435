import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, WorkspaceInfo } from '../src-main/contract/types';
import { api } from './api/client';
import { ErrorBanner } from './components/ErrorBanner';
import { TaskProgress } from './components/TaskProgress';
import { OverviewPage } from './features/overview/OverviewPage';
import { WorkspaceBar } from './features/workspace/WorkspaceBar';
import { useTheme, type ThemeChoice } from './theme';

const NAV = [{ id: 'overview', label: 'Overview' }] as const;

export function App() {
  const { choice, effective, setChoice } = useTheme();
  const [app, setApp] = useState<AppInfo | null>(null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const onError = useCallback((e: Error) => setError(e), []);

  useEffect(() => {
    api
      .call('app.info')
      .then(async (info) => {
        setApp(info);
        // First launch with nothing chosen: open the demo campaign so the product is live.
        setWorkspace(info.workspace ?? (await api.call('workspace.openDemo')));
      })
      .catch(onError);
    return api.on('workspace.changed', ({ workspace: w }) => {
      setWorkspace(w);
      setVersion((v) => v + 1);
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
        <nav>
          {NAV.map((n) => (
            <a key={n.id} className="nav-item active" aria-current="page">
              {n.label}
            </a>
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
          {app && <div className="small muted">v{app.version} · {app.host === 'electron' ? 'desktop' : 'browser mode'}</div>}
        </div>
      </aside>
      <main className="main">
        {app && <WorkspaceBar app={app} workspace={workspace} onError={onError} />}
        <TaskProgress />
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {workspace ? (
          <OverviewPage key={workspace.path} theme={effective} version={version} onError={onError} />
        ) : (
          !error && <div className="loading">Opening the demo campaign…</div>
        )}
      </main>
    </div>
  );
}
