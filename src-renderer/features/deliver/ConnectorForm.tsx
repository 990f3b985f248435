import { useRef, useState } from 'react';
import type { ConnectionTest, ConnectorConfig, ConnectorInfo } from '../../../src-main/contract/deliver';
import { api } from '../../api/client';
import { mutate } from '../../lib/query';
import { KIND_LABELS, newSecret } from './labels';
import { TestResult } from './TestResult';

/**
 * Add or edit a connector: its name, address and list, and its secret. An edit leaves the secret field
 * empty: the stored secret is kept unless a new one is typed (it never comes back to this screen).
 * Test connection tries what is in the form, before or after saving.
 */
export function ConnectorForm({
  editing,
  focusSecret,
  onDone,
}: {
  /** The connector being edited; a new one when left out. */
  editing?: ConnectorInfo;
  /** Opened to enter a missing secret: the secret field gets the focus. */
  focusSecret?: boolean;
  onDone: (saved: boolean) => void;
}) {
  const c = editing?.config;
  const [kind, setKind] = useState<ConnectorConfig['kind']>(c?.kind ?? 'webhook');
  const [name, setName] = useState(editing?.name ?? '');
  const [endpoint, setEndpoint] = useState(c?.kind === 'webhook' ? c.endpoint : c?.kind === 'csv' ? c.folder : (c?.baseUrl ?? ''));
  const [list, setList] = useState(c?.kind === 'sendgrid' ? c.listIds.join(', ') : c?.kind === 'mailchimp' ? c.listId : '');
  const [secret, setSecret] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testing, setTesting] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);
  const hasStored = !!editing?.hasSecret && editing.config.kind === kind;

  const config = (): ConnectorConfig => {
    const base = endpoint.trim();
    if (kind === 'webhook') return { kind, endpoint: base, timeoutMs: c?.kind === 'webhook' ? c.timeoutMs : 15_000 };
    if (kind === 'csv') return { kind, folder: base };
    if (kind === 'sendgrid')
      return {
        kind,
        listIds: list
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        ...(base ? { baseUrl: base } : {}),
      };
    return { kind, listId: list.trim(), ...(base ? { baseUrl: base } : {}) };
  };

  const save = async () => {
    setError(null);
    try {
      await mutate('connectors.save', {
        ...(editing ? { connectorId: editing.connectorId } : {}),
        name: name.trim() || KIND_LABELS[kind],
        config: config(),
        ...(secret ? { secret } : {}),
      });
      setSecret('');
      onDone(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const runTest = async () => {
    setError(null);
    setTest(null);
    setTesting(true);
    try {
      setTest(
        await api.call('connectors.test', {
          ...(editing && editing.config.kind === kind ? { connectorId: editing.connectorId } : {}),
          config: config(),
          ...(secret ? { secret } : {}),
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setTesting(false);
    }
  };

  const label = editing ? `Edit ${editing.name}` : 'New connector';
  const secretName = kind === 'webhook' ? 'Signing secret' : 'API key';
  return (
    <div className="dl-form" role="group" aria-label={label}>
      <h3>{label}</h3>
      <div className="inline-form">
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
        <label className="dl-name">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Our SMS provider" />
        </label>
        <label className="dl-wide">
          {kind === 'webhook' ? 'Endpoint URL' : kind === 'csv' ? 'Folder' : 'API address (optional)'}
          <input
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
            placeholder={
              kind === 'webhook'
                ? 'https://sender.example.com/ace'
                : kind === 'csv'
                  ? '/path/to/uploads'
                  : kind === 'sendgrid'
                    ? 'https://api.sendgrid.com'
                    : 'from the API key (https://us21.api.mailchimp.com)'
            }
          />
        </label>
        {(kind === 'sendgrid' || kind === 'mailchimp') && (
          <label>
            {kind === 'sendgrid' ? 'List ids (comma-separated, optional)' : 'Audience (list) id'}
            <input value={list} onChange={(e) => setList(e.target.value)} />
          </label>
        )}
        {kind !== 'csv' && (
          <label>
            {secretName}
            <input
              ref={secretRef}
              type="password"
              autoComplete="off"
              autoFocus={focusSecret}
              value={secret}
              placeholder={hasStored ? 'stored: type to replace' : 'not stored: enter it'}
              aria-describedby="dl-secret-note"
              onChange={(e) => setSecret(e.target.value)}
            />
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
      </div>
      {kind !== 'csv' && (
        <p className="small muted" id="dl-secret-note">
          {hasStored
            ? `The stored ${secretName.toLowerCase()} is kept unless you type a new one. It is never shown again.`
            : `Kept in the system keychain on the desktop app (this session only in browser mode), never in the workspace.`}
        </p>
      )}
      <div className="inline-form">
        <button type="button" onClick={() => void save()}>
          Save connector
        </button>
        <button type="button" className="ghost" onClick={() => void runTest()} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="ghost" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      {test && <TestResult test={test} />}
      {shown && (
        <p className="small dl-secret" role="note">
          Give this signing secret to the sending service now; it is not shown again: <code data-testid="new-secret">{shown}</code>
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
