import { useState } from 'react';
import type { ConnectorConfig, ConnectorInfo } from '../../../src-main/contract/deliver';
import { mutate } from '../../lib/query';
import { KIND_LABELS, newSecret, targetOf } from './labels';

const SOURCE: Record<ConnectorInfo['secretSource'], string> = {
  keychain: 'in the system keychain',
  env: 'from the environment',
  session: 'for this session only',
  none: 'missing',
};

/** Sending services: where pushes go. Secrets go to the keychain (desktop) or this session, never the workspace. */
export function Connectors({ connectors, onChanged }: { connectors: ConnectorInfo[]; onChanged: () => void }) {
  const [kind, setKind] = useState<ConnectorConfig['kind']>('webhook');
  const [name, setName] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [list, setList] = useState('');
  const [secret, setSecret] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const config = (): ConnectorConfig =>
    kind === 'webhook'
      ? { kind, endpoint: endpoint.trim(), timeoutMs: 15_000 }
      : kind === 'sendgrid'
        ? {
            kind,
            listIds: list
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
          }
        : kind === 'mailchimp'
          ? { kind, listId: list.trim() }
          : { kind, folder: endpoint.trim() };

  const save = async () => {
    setError(null);
    try {
      await mutate('connectors.save', { name: name.trim() || KIND_LABELS[kind], config: config(), ...(secret ? { secret } : {}) });
      setAdding(false);
      setSecret('');
      setShown(null);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card" aria-label="Connectors">
      <div className="dl-head">
        <h2>Sending services</h2>
        {!adding && (
          <button className="ghost" onClick={() => setAdding(true)}>
            Add a connector
          </button>
        )}
      </div>
      {connectors.length === 0 && !adding && <p className="muted">No sending service yet. Add one to push segments.</p>}
      {connectors.length > 0 && (
        <table className="table" data-testid="connectors">
          <tbody>
            {connectors.map((c) => (
              <tr key={c.connectorId}>
                <td>
                  <strong>{c.name}</strong>
                  <div className="small muted">{KIND_LABELS[c.config.kind]}</div>
                </td>
                <td className="small">{targetOf(c.config)}</td>
                <td className="small">
                  {c.config.kind === 'csv' ? (
                    ''
                  ) : (
                    <span className={c.hasSecret ? '' : 'inline-error'}>Secret {SOURCE[c.secretSource]}</span>
                  )}
                </td>
                <td>
                  <button
                    className="ghost small"
                    aria-label={`Remove ${c.name}`}
                    onClick={() =>
                      window.confirm(`Remove the connector “${c.name}”? Its pushes stay in the history.`) &&
                      void mutate('connectors.delete', { connectorId: c.connectorId }).then(onChanged, (e: Error) => setError(e.message))
                    }
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <div className="inline-form" role="group" aria-label="New connector">
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as ConnectorConfig['kind'])}>
              {(Object.keys(KIND_LABELS) as ConnectorConfig['kind'][]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Our SMS provider" />
          </label>
          {(kind === 'webhook' || kind === 'csv') && (
            <label>
              {kind === 'webhook' ? 'Endpoint URL' : 'Folder'}
              <input
                value={endpoint}
                onChange={(e) => setEndpoint(e.target.value)}
                placeholder={kind === 'webhook' ? 'https://sender.example.com/ace' : '/path/to/uploads'}
                size={36}
              />
            </label>
          )}
          {(kind === 'sendgrid' || kind === 'mailchimp') && (
            <label>
              {kind === 'sendgrid' ? 'List ids (comma-separated, optional)' : 'Audience (list) id'}
              <input value={list} onChange={(e) => setList(e.target.value)} />
            </label>
          )}
          {kind !== 'csv' && (
            <label>
              {kind === 'webhook' ? 'Signing secret' : 'API key'}
              <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
            </label>
          )}
          {kind === 'webhook' && (
            <button
              className="ghost"
              type="button"
              onClick={() => {
                const s = newSecret();
                setSecret(s);
                setShown(s);
              }}
            >
              Generate secret
            </button>
          )}
          <button onClick={() => void save()}>Save connector</button>
          <button className="ghost" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </div>
      )}
      {shown && (
        <p className="small" role="note">
          Give this signing secret to the sending service now; it is not shown again: <code data-testid="new-secret">{shown}</code>
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
