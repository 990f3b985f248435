/**
 * The generic test sending service, for manual demos and benchmarks:
 *
 *   npx tsx tests/support/sending/serve.ts [--port 8787] [--secret whsec_...] [--lightweight] [--quiet]
 *
 * Prints the endpoint URL and the signing secret (give both to a webhook connector), then logs each
 * batch it accepts. Ctrl-C prints a summary and stops it.
 */
import { parseArgs } from 'node:util';
import { startSendServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    secret: { type: 'string' },
    lightweight: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}
const server = await startSendServer({
  port,
  lightweight: values.lightweight,
  ...(values.secret ? { secret: values.secret } : {}),
  ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
});
console.log(`Endpoint:       ${server.endpoint}`);
console.log(`Signing secret: ${server.secret}`);
console.log('Waiting for batches (Ctrl-C to stop).');

const stop = () => {
  const bad = server.requests().filter((r) => r.status !== 200).length;
  console.log(
    `\n${server.deliveries().length} batches, ${server.addressesDelivered().size} addresses delivered; ${server.requests().length} requests (${bad} not answered 200).`,
  );
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
