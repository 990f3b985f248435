import type { DashboardOutputs } from '../../contract/dashboards';
import type { HandlerTable } from '../handler-types';
import { deleteDashboard, listDashboards, saveDashboard } from './store';

export const dashboardHandlers: Pick<HandlerTable, keyof DashboardOutputs> = {
  'dashboards.list': async (_i, session) => listDashboards(session.requireDb()),
  'dashboards.save': async (input, session) => saveDashboard(session.requireDb(), input),
  'dashboards.delete': async ({ dashboardId }, session) => ({ deleted: await deleteDashboard(session.requireDb(), dashboardId) }),
};
