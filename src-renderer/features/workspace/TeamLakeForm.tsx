import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';

/**
 * Makes a team lake (docs/lake.md): a .acelake file naming the PostgreSQL catalog and the shared data folder,
 * the password kept as this host keeps secrets (never in the file), then opened. What the core refuses is said
 * by the workspace bar's error, and nothing half-made stays.
 */
export function TeamLakeForm({ keptIn, onDone, onError }: { keptIn: string; onDone: () => void; onError: (e: Error) => void }) {
  const [f, setF] = useState({ path: '', host: '', port: '5432', database: '', user: '', schema: '', dataPath: '', password: '' });
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const ready = f.path.trim() && f.host.trim() && f.database.trim() && f.user.trim() && f.dataPath.trim() && f.password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      await api.call('workspace.createTeamLake', {
        path: f.path.trim(),
        catalog: {
          host: f.host.trim(),
          port: Number(f.port) || 5432,
          database: f.database.trim(),
          user: f.user.trim(),
          ...(f.schema.trim() ? { schema: f.schema.trim() } : {}),
        },
        dataPath: f.dataPath.trim(),
        password: f.password,
      });
      onDone();
    } catch (err) {
      onError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const field = (k: keyof typeof f, label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input value={f[k]} onChange={set(k)} {...extra} />
    </label>
  );
  return (
    <form className="card inline-form team-lake-form" aria-label="New team lake" onSubmit={(e) => void submit(e)}>
      <p className="small muted" style={{ flexBasis: '100%', margin: 0 }}>
        A campaign several people share: its catalog in PostgreSQL, its data in a folder everyone reaches. The password is {keptIn}, never
        in the file.
      </p>
      {field('path', 'Team lake file', { placeholder: '/shared/spring.acelake' })}
      {field('host', 'PostgreSQL server', { placeholder: 'db.internal' })}
      {field('port', 'Port', { inputMode: 'numeric', size: '6' })}
      {field('database', 'Database')}
      {field('user', 'User')}
      {field('schema', 'Schema (optional)', { placeholder: 'spring_2026' })}
      {field('dataPath', 'Shared data folder', { placeholder: '/mnt/shared/spring-2026' })}
      {field('password', 'Password', { type: 'password', autoComplete: 'off' })}
      <button type="submit" disabled={busy || !ready}>
        Create team lake
      </button>
      <button type="button" className="ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
