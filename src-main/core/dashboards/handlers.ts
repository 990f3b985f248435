import type { DashboardOutputs } from '../../contract/dashboards';
import type { HandlerTable } from '../handler-types';
import { dashboardPdf } from './pdf';
import { deleteDashboard, listDashboards, saveDashboard } from './store';

export const dashboardHandlers: Pick<HandlerTable, keyof DashboardOutputs> = {
  'dashboards.list': async (_i, session) => listDashboards(session.requireDb()),
  'dashboards.save': async (input, session) => saveDashboard(session.requireDb(), input),
  'dashboards.delete': async ({ dashboardId }, session) => ({ deleted: await deleteDashboard(session.requireDb(), dashboardId) }),
  'dashboards.pdf': async (input) => {
    const { bytes, pages } = await dashboardPdf(input);
    const slug =
      input.name
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'dashboard';
    return {
      fileName: `${slug}${input.layout === 'slides' ? '-slides' : ''}.pdf`,
      pdfBase64: Buffer.from(bytes).toString('base64'),
      pages,
    };
  },
};
