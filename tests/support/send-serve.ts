/**
 * The local test sending service, for demos and benchmarks:
 *   npx tsx tests/support/send-serve.ts [--port 8787] [--lightweight] [--quiet]
 * prints its endpoint and signing secret; give both to a webhook connector (Deliver > Connectors, or
 * `ACE_PUSH_SECRET=... ace push --connector webhook --endpoint ...`).
 */
import { parseArgs } from 'node:util';
import { startSendServer } from './send-server';

const { values } = parseArgs({ options: { port: { type: 'string' }, lightweight: { type: 'boolean' }, quiet: { type: 'boolean' }, secret: { type: 'string' } } });
const server = await startSendServer({
  port: values.port ? Number(values.port) : 8787,
  lightweight: !!values.lightweight,
  ...(values.secret ? { secret: values.secret } : {}),
  ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
});
console.log(`Endpoint: ${server.endpoint}`);
console.log(`Signing secret: ${server.secret}`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
