import type { RepliesOutputs } from '../../contract/replies';
import type { HandlerTable } from '../handler-types';
import { repliesSummary } from './summary';
import { searchReplies } from './search';

/** The Replies methods' handlers (spread into the handler table). */
export const repliesHandlers: Pick<HandlerTable, keyof RepliesOutputs> = {
  'replies.summary': async (_input, session) => repliesSummary(session.requireDb()),
  'replies.search': async (input, session) => searchReplies(session.requireDb(), input),
};
