import type { DrawOutputs } from '../../contract/draw';
import type { HandlerTable } from '../handler-types';
import { AceError } from '../lib/errors';
import { listDraws, runDraw, verifyDraw } from './draw';
import { drawReportPdf } from './report';

export const drawHandlers: Pick<HandlerTable, keyof DrawOutputs> = {
  'draw.run': async (input, session) => runDraw(session.requireDb(), input),
  'draw.list': async (_i, session) => listDraws(session.requireDb()),
  'draw.verify': async ({ drawId }, session) => verifyDraw(session.requireDb(), drawId),
  'draw.report': async ({ drawId }, session) => {
    const d = (await listDraws(session.requireDb())).find((x) => x.drawId === drawId);
    if (!d) throw new AceError('NOT_FOUND', `There is no draw ${drawId}.`);
    const pdf = await drawReportPdf(d, (await session.info()).name);
    return {
      fileName: `draw-${d.tier.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${d.drawId}.pdf`,
      pdfBase64: Buffer.from(pdf).toString('base64'),
    };
  },
};
