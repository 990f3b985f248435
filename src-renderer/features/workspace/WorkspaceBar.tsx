import { useState, type FormEvent } from 'react';
import type { AppInfo, WorkspaceInfo } from '../../../src-main/contract/types';
import { api } from '../../api/client';

/** The open workspace and ways to switch: native dialog in the desktop app, a path field in browser mode. */
export function WorkspaceBar({ app, workspace, onError }: { app: AppInfo; workspace: WorkspaceInfo | null; onError: (e: Error) => void }) {
  const [typing, setTyping] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      setTyping(false);
    } catch (e) {
      onError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const open = () => (app.capabilities.nativeDialogs ? run(() => api.call('workspace.pick')) : setTyping(true));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run(() => api.call('workspace.open', { path: path.trim() }));
  };

  return (
    <div className="workspace-bar">
      <div className="workspace-name" title={workspace?.path}>
        <span className="muted">Workspace</span>
        <strong data-testid="workspace-name">{workspace ? workspace.name : 'None open'}</strong>
        {workspace?.isDemo && <span className="badge">demo</span>}
      </div>
      {typing ? (
        <form onSubmit={submit} className="path-form">
          <input autoFocus placeholder="/path/to/campaign.duckdb" value={path} onChange={(e) => setPath(e.target.value)} aria-label="Workspace path" />
          <button type="submit" disabled={busy}>
            Open
          </button>
          <button type="button" className="ghost" onClick={() => setTyping(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="actions">
          <button className="ghost" onClick={open} disabled={busy}>
            Open workspace…
          </button>
          {!workspace?.isDemo && (
            <button className="ghost" onClick={() => void run(() => api.call('workspace.openDemo'))} disabled={busy}>
              Demo campaign
            </button>
          )}
        </div>
      )}
    </div>
  );
}
