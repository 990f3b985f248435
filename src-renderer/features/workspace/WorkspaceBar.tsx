import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppInfo, WorkspaceInfo } from '../../../src-main/contract/types';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { TeamLakeForm } from './TeamLakeForm';
import { useQuery } from '../../lib/query';

type Mode = 'open' | 'create';

/** The open workspace and ways to switch: native dialogs in the desktop app, a path field in browser mode. */
export function WorkspaceBar({ app, workspace, onError }: { app: AppInfo; workspace: WorkspaceInfo | null; onError: (e: Error) => void }) {
  const [typing, setTyping] = useState<Mode | null>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  /** A team lake whose catalog asked for its password: where, and what the core said. */
  const [asking, setAsking] = useState<{ path: string; message: string } | null>(null);
  const [password, setPassword] = useState('');
  const [makingLake, setMakingLake] = useState(false);
  const keptIn = app.capabilities.nativeDialogs ? 'kept in the OS keychain' : 'kept for this session only';
  // Asked again whenever a workspace opens (every workspace change invalidates 'settings').
  const recentQ = useQuery('workspace.recent', {});
  const recent = recentQ.error ? [] : (recentQ.data ?? []);
  // The latest onError without reporting again when the parent passes a new function.
  const reportError = useRef(onError);
  reportError.current = onError;
  useEffect(() => {
    if (recentQ.error) reportError.current(new Error(`The list of recent workspaces could not be read: ${recentQ.error.message}`));
  }, [recentQ.error]);
  const others = recent.filter((r) => r.path !== workspace?.path);
  /** The path of the last open asked for (a team lake's password prompt opens it again). */
  const lastPath = useRef<string | null>(null);
  const open = (p: string, lakePassword?: string) => {
    lastPath.current = p;
    return api.call('workspace.open', lakePassword ? { path: p, lakePassword } : { path: p });
  };

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      setTyping(null);
      setPath('');
    } catch (e) {
      const d = (e instanceof ApiError ? (e.details ?? {}) : {}) as { catalog?: string; refused?: boolean; path?: string };
      // The path: as typed or chosen from the recent list, or as the desktop's open dialog chose it (the core says).
      const askFor = d.path ?? lastPath.current;
      if (e instanceof ApiError && e.code === 'NEEDS_PASSWORD' && askFor) {
        setAsking({
          path: askFor,
          message: `${d.refused ? 'That password was refused. ' : ''}The team lake's catalog${d.catalog ? ` (${d.catalog})` : ''} needs its password (${keptIn}, never in the workspace):`,
        });
        setPassword('');
      } else onError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const start = (mode: Mode) => {
    if (!app.capabilities.nativeDialogs) return setTyping(mode);
    void run(() => (mode === 'open' ? api.call('workspace.pick') : api.call('workspace.pickNew')));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = path.trim();
    if (!p) return;
    void run(() => (typing === 'create' ? api.call('workspace.create', { path: p }) : open(p)));
  };
  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    if (!asking || !password) return;
    const { path: p } = asking;
    setAsking(null);
    void run(() => open(p, password)).finally(() => setPassword(''));
  };

  return (
    <>
      <div className="workspace-bar">
        <div className="workspace-name" title={workspace?.path}>
          <span className="muted">Workspace</span>
          <strong data-testid="workspace-name">{workspace ? workspace.name : 'None open'}</strong>
          {workspace?.isDemo && <span className="badge">demo</span>}
          {workspace?.engine === 'lake' && (
            <span className="badge" title="Stored in a DuckLake: a catalog and Parquet data (docs/lake.md)">
              DuckLake
            </span>
          )}
        </div>
        {asking ? (
          <form onSubmit={submitPassword} className="path-form" aria-label="Team lake password">
            <span className="small muted" data-testid="lake-password-reason">
              {asking.message}
            </span>
            <input
              autoFocus
              type="password"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-label="Catalog password"
            />
            <button type="submit" disabled={busy || !password}>
              Open
            </button>
            <button type="button" className="ghost" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </form>
        ) : typing ? (
          <form onSubmit={submit} className="path-form">
            <input
              autoFocus
              placeholder={typing === 'create' ? '/path/to/new-campaign.duckdb' : '/path/to/campaign.duckdb'}
              value={path}
              onChange={(e) => setPath(e.target.value)}
              aria-label={typing === 'create' ? 'New workspace path' : 'Workspace path'}
            />
            <button type="submit" disabled={busy || !path.trim()}>
              {typing === 'create' ? 'Create' : 'Open'}
            </button>
            <button type="button" className="ghost" onClick={() => setTyping(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="actions">
            <button className="ghost" onClick={() => start('create')} disabled={busy}>
              New…
            </button>
            <button className="ghost" onClick={() => start('open')} disabled={busy}>
              Open…
            </button>
            <button className="ghost" onClick={() => setMakingLake(true)} disabled={busy || makingLake}>
              Team lake…
            </button>
            {others.length > 0 && (
              <select
                aria-label="Recent workspaces"
                value=""
                disabled={busy}
                onChange={(e) => e.target.value && void run(() => open(e.target.value))}
              >
                <option value="">Recent…</option>
                {others.map((r) => (
                  <option key={r.path} value={r.path} disabled={!r.exists} title={r.path}>
                    {r.name}
                    {r.exists ? '' : ' (moved or deleted)'}
                  </option>
                ))}
              </select>
            )}
            {!workspace?.isDemo && (
              <button className="ghost" onClick={() => void run(() => api.call('workspace.openDemo'))} disabled={busy}>
                Demo campaign
              </button>
            )}
          </div>
        )}
      </div>
      {makingLake && <TeamLakeForm keptIn={keptIn} onDone={() => setMakingLake(false)} onError={onError} />}
    </>
  );
}
