import type { OutcomesOutputs } from '../../contract/outcomes';
import type { HandlerTable } from '../handler-types';
import { outcomes } from './results';
import { bestTime } from './best-time';

/** The Outcomes methods' handlers (spread into the handler table). */
export const outcomesHandlers: Pick<HandlerTable, keyof OutcomesOutputs> = {
  'outcomes.results': async ({ pushId, windowDays }, session) => outcomes(session.requireDb(), { pushId, windowDays }),
  'outcomes.bestTime': async ({ segmentId, responses }, session) => bestTime(session.requireDb(), { segmentId, responses }),
};
