import type { DrawOutputs } from '../../contract/draw';
import type { HandlerTable } from '../handler-types';
import { listDraws, runDraw, verifyDraw } from './draw';

export const drawHandlers: Pick<HandlerTable, keyof DrawOutputs> = {
  'draw.run': async (input, session) => runDraw(session.requireDb(), input),
  'draw.list': async (_i, session) => listDraws(session.requireDb()),
  'draw.verify': async ({ drawId }, session) => verifyDraw(session.requireDb(), drawId),
};
