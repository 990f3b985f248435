import type { DeliverOutputs } from '../../contract/deliver';
import type { HandlerTable } from '../handler-types';
import { listPushes, pushDetail, pushInfo } from './history';
import { CLI_CONNECTOR } from './request';
import { rerunSegment } from './rerun';
import { getCap, getCosts, setCap, setCosts } from './cap';
import { deleteSchedule, listSchedules, saveSchedule } from './schedule';

/** The Deliver methods' handlers (spread into the handler table). */
export const deliverHandlers: Pick<HandlerTable, keyof DeliverOutputs> = {
  'connectors.list': async (_i, session) => session.deliver.listConnectors(),
  'connectors.save': async (input, session) => session.deliver.saveConnector(input),
  'connectors.delete': async ({ connectorId }, session) => ({ deleted: await session.deliver.deleteConnector(connectorId) }),
  'connectors.test': async (input, session) => session.deliver.testConnection(input),
  'push.preview': async ({ segmentId, version, channel, fields, connectorId, config, templateId, holdout }, session) =>
    session.deliver.preview({
      segment: segmentId,
      version,
      channel,
      fields,
      connectorId: config ? CLI_CONNECTOR : connectorId,
      config,
      templateId,
      holdout,
    }),
  'push.start': async ({ segmentId, version, channel, fields, connectorId, config, dryRun, templateId, holdout }, session) =>
    session.deliver.start({
      segment: segmentId,
      version,
      channel,
      fields,
      connectorId: config ? CLI_CONNECTOR : connectorId,
      config,
      dryRun,
      templateId,
      holdout,
    }),
  'push.list': async (_i, session) => listPushes(session.requireDb()),
  'push.get': async ({ pushId }, session) => pushDetail(session.requireDb(), pushId),
  'push.retryFailed': async ({ pushId }, session) => session.deliver.retryFailed(pushId),
  'push.resume': async ({ pushId }, session) => session.deliver.resume(pushId),
  'push.cancel': async ({ pushId }, session) => {
    const cancelled = session.deliver.cancel(pushId);
    await pushInfo(session.requireDb(), pushId);
    return { cancelled };
  },
  'push.rerunSegment': async ({ pushId }, session) => rerunSegment(session.requireDb(), pushId),
  'push.cap': async (_i, session) => getCap(session.requireDb()),
  'push.setCap': async ({ cap }, session) => setCap(session.requireDb(), cap),
  'push.costs': async (_i, session) => getCosts(session.requireDb()),
  'push.setCosts': async ({ costs }, session) => setCosts(session.requireDb(), costs),
  'schedules.list': async (_i, session) => listSchedules(session.requireDb()),
  'schedules.save': async (input, session) => saveSchedule(session.requireDb(), input),
  'schedules.delete': async ({ scheduleId }, session) => ({ deleted: await deleteSchedule(session.requireDb(), scheduleId) }),
};
