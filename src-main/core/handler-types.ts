import type { z } from 'zod';
import type { MethodName, MethodOutput, methods } from '../contract/methods';
import type { AppInfo } from '../contract/types';
import type { Session } from './session';

/**
 * The shape of a handler, apart from the table that lists them (core/handlers.ts): each domain's
 * handlers.ts types itself against this, so no domain module imports the table that imports it.
 */
export interface HostContext {
  host: AppInfo['host'];
  version: string;
  nativeDialogs: boolean;
}

/** Parsed (validated) input of a method, from its schema in the contract. */
export type In<M extends MethodName> = z.output<(typeof methods)[M]['input']>;

export type Handler<M extends MethodName> = (input: In<M>, session: Session, host: HostContext) => Promise<MethodOutput<M>>;
export type HandlerTable = { [M in MethodName]: Handler<M> };
