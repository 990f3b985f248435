import type { WatchOutputs } from '../../contract/watch';
import type { HandlerTable } from '../handler-types';

export const watchHandlers: Pick<HandlerTable, keyof WatchOutputs> = {
  'watch.list': async (_i, session) => session.watcher.list(),
  'watch.add': async ({ folder, kind }, session) => session.watcher.add(folder, kind),
  'watch.remove': async ({ folder }, session) => ({ removed: await session.watcher.remove(folder) }),
  'watch.poll': async (_i, session) => ({ imported: await session.watcher.poll() }),
};
