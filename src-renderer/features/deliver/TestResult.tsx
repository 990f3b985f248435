import type { ConnectionTest } from '../../../src-main/contract/deliver';

/** What Test connection got back: the verdict in words, then what was asked, the status and how long it took. */
export function TestResult({ test }: { test: ConnectionTest }) {
  return (
    <div className={`dl-test ${test.ok ? 'ok' : 'bad'}`} role="status" data-testid="connection-test" data-ok={test.ok}>
      <strong>{test.ok ? 'Connection works' : 'Connection failed'}</strong>
      <span>{test.message}</span>
      {test.request ? (
        <span className="small muted">
          Asked: {test.request} · {test.status !== null ? `status ${test.status}` : 'no HTTP answer'} · {test.latencyMs} ms
        </span>
      ) : (
        <span className="small muted">Nothing was sent to the service.</span>
      )}
    </div>
  );
}
