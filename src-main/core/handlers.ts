import type { MethodName, MethodOutput } from '../contract/methods';
import type { AppInfo } from '../contract/types';
import { AceError } from './errors';
import { entriesPerDay, overview } from './overview';
import type { Session } from './session';

export interface HostContext {
  host: AppInfo['host'];
  version: string;
  nativeDialogs: boolean;
}

/** Parsed (validated) input of a method. */
type In<M extends MethodName> = M extends keyof Inputs ? Inputs[M] : Record<string, never>;
interface Inputs {
  'workspace.open': { path: string };
  'workspace.create': { path: string };
}

export type Handler<M extends MethodName> = (input: In<M>, session: Session, host: HostContext) => Promise<MethodOutput<M>>;
export type HandlerTable = { [M in MethodName]: Handler<M> };

async function noDialogs(): Promise<never> {
  throw new AceError('UNSUPPORTED', 'File dialogs are only available in the desktop app. Type the workspace path instead.');
}

export const handlers: HandlerTable = {
  'app.info': async (_i, session, host) => ({
    version: host.version,
    host: host.host,
    capabilities: { nativeDialogs: host.nativeDialogs },
    workspace: session.isOpen ? await session.info() : null,
  }),
  'workspace.info': async (_i, session) => (session.isOpen ? session.info() : null),
  'workspace.open': async ({ path }, session) => session.open(path),
  'workspace.create': async ({ path }, session) => session.create(path),
  'workspace.openDemo': async (_i, session) => session.openDemo(),
  'workspace.pick': noDialogs,
  'workspace.pickNew': noDialogs,
  'overview.get': async (_i, session) => overview(session),
  'overview.entriesPerDay': async (_i, session) => entriesPerDay(session),
};
