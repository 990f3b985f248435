import type { MessageOutputs } from '../../contract/messages';
import type { HandlerTable } from '../handler-types';
import { deleteTemplate, listTemplates, previewTemplate, saveTemplate } from './store';
import { checkTemplate } from './template';

export const messageHandlers: Pick<HandlerTable, keyof MessageOutputs> = {
  'messages.list': async (_i, session) => listTemplates(session.requireDb()),
  'messages.check': async (t) => checkTemplate(t),
  'messages.save': async (t, session) => saveTemplate(session.requireDb(), t),
  'messages.delete': async ({ templateId }, session) => ({ deleted: await deleteTemplate(session.requireDb(), templateId) }),
  'messages.preview': async ({ template, segmentId, entrantId }, session) =>
    previewTemplate(session.requireDb(), template, segmentId, entrantId),
};
