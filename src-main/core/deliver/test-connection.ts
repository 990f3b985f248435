import { describeFailure, type ConnectionTest, type ConnectorConfig } from '../../contract/deliver';
import { isAceError } from '../lib/errors';
import { createConnector } from './connectors';
import { localFailure } from './failure';

/** Long enough for a slow service, short enough that a person waiting on the button is not left hanging. */
const TEST_TIMEOUT_MS = 20_000;

/**
 * Test connection: one harmless request that proves the address and the credentials (the connector's
 * `check`: a signed ping, a read of the key's scopes or the audience), timed, and said in plain words.
 * Never throws for what the service answered: a failure is the result, classified like a push's.
 */
export async function testConnector(config: ConnectorConfig, secret: string | null, userAgent?: string): Promise<ConnectionTest> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let connector;
  try {
    connector = createConnector(config, { secret, fields: [], userAgent });
  } catch (e) {
    // A missing secret, a credential inside the address: nothing to ask the service yet.
    const details = isAceError(e) ? (e.details as { failure?: ConnectionTest['failure'] } | undefined) : undefined;
    const failure = details?.failure ?? localFailure('misconfigured', (e as Error).message);
    return {
      ok: false,
      status: null,
      latencyMs: ms(),
      request: null,
      failure,
      message: describeFailure(failure, config.kind, 'test'),
    };
  }
  const got = await connector.check(AbortSignal.timeout(TEST_TIMEOUT_MS)).catch((e: unknown) => ({
    status: null,
    request: 'the test request',
    failure: localFailure('unreachable', `no answer within ${TEST_TIMEOUT_MS / 1000} s (${(e as Error).message})`),
  }));
  const latencyMs = ms();
  if (got.failure)
    return {
      ok: false,
      status: got.status,
      latencyMs,
      request: got.request,
      failure: got.failure,
      message: describeFailure(got.failure, config.kind, 'test'),
    };
  const answered = got.status !== null ? `answered ${got.status}` : 'is ready';
  const what =
    config.kind === 'csv'
      ? `The folder ${config.folder} can be written to.`
      : `The service ${answered} in ${latencyMs} ms: the address and the ${config.kind === 'webhook' ? 'signing secret' : 'API key'} work.`;
  return { ok: true, status: got.status, latencyMs, request: got.request, failure: null, message: what };
}
