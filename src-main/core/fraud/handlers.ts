import type { FraudOutputs } from '../../contract/fraud';
import type { HandlerTable } from '../handler-types';
import { listFraud, reviewFraud } from './store';

/** The fraud flags' handlers (spread into the handler table). */
export const fraudHandlers: Pick<HandlerTable, keyof FraudOutputs> = {
  'fraud.list': async (input, session) => listFraud(session.requireDb(), input),
  'fraud.review': async (input, session) => reviewFraud(session.requireDb(), input),
};
