import type { DrawOutputs } from '../../contract/draw';
import type { HandlerTable } from '../handler-types';
import { listDraws, runDraw, verifyDraw } from './draw';
import { previewPool } from './pool';
import { commitSeed, listCommitments } from './commit';
import { drawBundle } from './bundle';
import { fulfil } from './fulfil';

export const drawHandlers: Pick<HandlerTable, keyof DrawOutputs> = {
  'draw.run': async (input, session) => runDraw(session.requireDb(), input),
  'draw.fulfil': async (input, session) => fulfil(session.requireDb(), input),
  'draw.list': async (_i, session) => listDraws(session.requireDb()),
  'draw.pool': async (input, session) => previewPool(session.requireDb(), input),
  'draw.verify': async ({ drawId }, session) => verifyDraw(session.requireDb(), drawId),
  'draw.commit': async (_i, session) => commitSeed(session.requireDb()),
  'draw.commitments': async (_i, session) => listCommitments(session.requireDb()),
  'draw.bundle': async ({ drawId }, session) => drawBundle(session.requireDb(), drawId),
};
