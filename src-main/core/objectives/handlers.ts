import type { ObjectiveOutputs } from '../../contract/objectives';
import type { HandlerTable } from '../handler-types';
import { deleteObjective, listObjectives, saveObjective } from './progress';

export const objectiveHandlers: Pick<HandlerTable, keyof ObjectiveOutputs> = {
  'objectives.list': async (_i, session) => listObjectives(session.requireDb()),
  'objectives.save': async (input, session) => saveObjective(session.requireDb(), input),
  'objectives.delete': async ({ objectiveId }, session) => ({ deleted: await deleteObjective(session.requireDb(), objectiveId) }),
};
