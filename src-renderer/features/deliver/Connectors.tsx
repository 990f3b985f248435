import { useState } from 'react';
import type { ConnectionTest, ConnectorInfo } from '../../../src-main/contract/deliver';
import { api } from '../../api/client';
import { useConfirm } from '../../components/ConfirmDialog';
import { mutate } from '../../lib/query';
import { ConnectorForm } from './ConnectorForm';
import { KIND_LABELS, targetOf } from './labels';
import { TestResult } from './TestResult';

const SOURCE: Record<ConnectorInfo['secretSource'], string> = {
  keychain: 'in the system keychain',
  env: 'from the environment',
  session: 'for this session only',
  none: 'missing',
};

/**
 * Sending services: where pushes go. Each can be edited (a missing secret entered there), tested with
 * one harmless request, or removed. Secrets go to the keychain (desktop) or this session, never the workspace.
 */
export function Connectors({ connectors, onChanged }: { connectors: ConnectorInfo[]; onChanged: () => void }) {
  /** The form open: 'new', or the id of the connector being edited (and whether it opened for its secret). */
  const [form, setForm] = useState<{ id: string | 'new'; secret?: boolean } | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | 'testing'>>({});
  const [error, setError] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const editing = form && form.id !== 'new' ? connectors.find((c) => c.connectorId === form.id) : undefined;

  /** Opens the form; the row's last test result goes (the form's own test is what counts now). */
  const edit = (id: string, secret = false) => {
    setTests(({ [id]: _old, ...t }) => t);
    setForm({ id, secret });
  };
  const test = async (c: ConnectorInfo) => {
    setError(null);
    setTests((t) => ({ ...t, [c.connectorId]: 'testing' }));
    try {
      const result = await api.call('connectors.test', { connectorId: c.connectorId });
      setTests((t) => ({ ...t, [c.connectorId]: result }));
    } catch (e) {
      setTests(({ [c.connectorId]: _gone, ...t }) => t);
      setError((e as Error).message);
    }
  };
  const remove = async (c: ConnectorInfo) => {
    const ok = await confirm({
      title: `Remove the connector “${c.name}”?`,
      body: <p>Its pushes stay in the history; its stored secret is deleted from this computer.</p>,
      confirmLabel: 'Remove connector',
      danger: true,
    });
    if (ok) await mutate('connectors.delete', { connectorId: c.connectorId }).then(onChanged, (e: Error) => setError(e.message));
  };

  return (
    <section className="card" aria-label="Connectors">
      <div className="dl-head">
        <h2>Sending services</h2>
        {!form && (
          <button className="ghost" onClick={() => setForm({ id: 'new' })}>
            Add a connector
          </button>
        )}
      </div>
      {connectors.length === 0 && !form && <p className="muted">No sending service yet. Add one to push segments.</p>}
      {connectors.length > 0 && (
        <ul className="dl-connectors" data-testid="connectors">
          {connectors.map((c) => {
            const t = tests[c.connectorId];
            return (
              <li key={c.connectorId} data-connector={c.connectorId}>
                <div className="dl-connector">
                  <div className="dl-connector-name">
                    <strong>{c.name}</strong>
                    <div className="small muted">{KIND_LABELS[c.config.kind]}</div>
                    <div className="small dl-target" title={targetOf(c.config)}>
                      {targetOf(c.config)}
                    </div>
                    {c.config.kind !== 'csv' && (
                      <div className={`small${c.hasSecret ? ' muted' : ' dl-missing'}`} data-testid="secret-state">
                        Secret {SOURCE[c.secretSource]}
                      </div>
                    )}
                  </div>
                  <div className="dl-connector-actions">
                    {!c.hasSecret && (
                      <button className="small" onClick={() => edit(c.connectorId, true)}>
                        Enter secret
                      </button>
                    )}
                    <button className="ghost small" onClick={() => edit(c.connectorId)} aria-label={`Edit ${c.name}`}>
                      Edit
                    </button>
                    <button
                      className="ghost small"
                      onClick={() => void test(c)}
                      disabled={t === 'testing'}
                      aria-label={`Test connection of ${c.name}`}
                    >
                      {t === 'testing' ? 'Testing…' : 'Test connection'}
                    </button>
                    <button className="ghost small" aria-label={`Remove ${c.name}`} onClick={() => void remove(c)}>
                      Remove
                    </button>
                  </div>
                </div>
                {t && t !== 'testing' && <TestResult test={t} />}
              </li>
            );
          })}
        </ul>
      )}
      {form && (form.id === 'new' || editing) && (
        <ConnectorForm
          key={form.id}
          editing={editing}
          focusSecret={form.secret}
          onDone={(saved) => {
            setForm(null);
            if (saved) {
              // What a test said about the old settings no longer holds.
              if (editing) setTests(({ [editing.connectorId]: _old, ...t }) => t);
              onChanged();
            }
          }}
        />
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {confirmDialog}
    </section>
  );
}
