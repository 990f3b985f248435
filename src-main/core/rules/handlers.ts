import type { RulesOutputs } from '../../contract/rules';
import type { HandlerTable } from '../handler-types';
import { getRules, saveRules } from './store';
import { validitySummary } from './validity';
import { compliance } from './compliance';

/** The official rules' handlers (spread into the handler table). */
export const rulesHandlers: Pick<HandlerTable, keyof RulesOutputs> = {
  'rules.get': async (_input, session) => getRules(session.requireDb()),
  'rules.save': async ({ rules }, session) => saveRules(session.requireDb(), rules),
  'rules.validity': async (_input, session) => validitySummary(session.requireDb()),
  'rules.compliance': async (_input, session) => compliance(session.requireDb()),
};
