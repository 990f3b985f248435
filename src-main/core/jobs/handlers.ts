import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import type { JobOutputs } from '../../contract/jobs';
import { writeDashboardPdf } from '../dashboards/pdf';
import { listDraws } from '../draw/draw';
import { writeDrawReportPdf } from '../draw/report';
import { AceError } from '../lib/errors';
import { writeRoiExport } from '../export/roi';
import { writeRawRows } from '../export/rows';
import { recordExport } from '../export/log';
import { WINNERS_LIST_PERSONAL, writeWinnersList } from '../draw/winners-list';
import { PERSONAL_COLUMNS } from '../../contract/exportLog';
import type { DbClient } from '../db/client';
import type { HandlerTable, HostContext } from '../handler-types';
import { rejectsFileName, writeRejects } from '../import/history';
import { getRoi } from '../roi/metrics';
import { writeSegmentExport } from '../segments/export';
import { Downloads } from './downloads';

/**
 * Where a job's file goes. Browser mode always downloads (a web page may not name files on this
 * machine); the desktop app and the CLI name the file (the desktop asks `jobs.pickSavePath` first).
 */
function destination(path: string | undefined, host: HostContext): string | undefined {
  if (host.host === 'web') {
    if (path) throw new AceError('UNSUPPORTED', 'In the browser an export downloads; it cannot be saved to a path on this machine.');
    return undefined;
  }
  if (!path) throw new AceError('BAD_INPUT', 'Choose where to save the file: give its path (the desktop app asks with a save dialog).');
  return path;
}

/** A name in ~/Downloads (or the home folder) that no file has yet: "x.csv", "x (2).csv", ... */
export function defaultSavePath(fileName: string): string {
  const dir = existsSync(join(homedir(), 'Downloads')) ? join(homedir(), 'Downloads') : homedir();
  const safe = Downloads.safeName(fileName);
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let i = 1; ; i++) {
    const p = join(dir, i === 1 ? safe : `${stem} (${i})${ext}`);
    if (!existsSync(p)) return p;
  }
}

const slug = (s: string, fallback: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || fallback;
const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The export log's entry for a file with personal data (none: nothing to record). */
const logged =
  (db: DbClient, host: HostContext, what: string, personal: readonly string[]) =>
  async ({ rows, fileName }: { rows?: number; fileName: string }) => {
    if (personal.length) await recordExport(db, { host: host.host, what, personal, rows: rows ?? 0, fileName });
  };

export const jobHandlers: Pick<HandlerTable, keyof JobOutputs> = {
  'jobs.list': async (_i, session) => session.jobs.list(),
  'jobs.get': async ({ jobId }, session) => session.jobs.get(jobId),
  'jobs.cancel': async ({ jobId }, session) => ({ cancelled: session.jobs.cancel(jobId) }),
  'jobs.pickSavePath': async ({ fileName }, _s, host) => {
    if (host.host === 'web') throw new AceError('UNSUPPORTED', 'In the browser an export downloads to the browser’s own folder.');
    return { path: defaultSavePath(fileName) };
  },
  'segments.export': async ({ rule, columns, format, what, fileName, jobId, path }, session, host) => {
    const db = session.requireDb();
    const name = fileName ?? `segment-members.${format}`;
    const personal = PERSONAL_COLUMNS.filter((c) => columns.includes(c));
    return session.jobs.start({
      beforeFinish: logged(db, host, what ?? 'Segment members', personal),
      jobId,
      kind: 'export',
      label: `Exporting members as ${format.toUpperCase()}`,
      fileName: name,
      path: destination(path, host),
      run: async (ctx) =>
        writeSegmentExport(db, rule, columns, format, ctx.file, {
          signal: ctx.signal,
          onProgress: (rows, total) =>
            ctx.progress(rows, total, {
              rows,
              label: `Exporting members as ${format.toUpperCase()}: ${count(rows, 'person', 'people')} of ${total.toLocaleString('en-US')}`,
            }),
        }),
    });
  },
  'pivot.exportRows': async ({ filters, format, personal, what, fileName, jobId, path }, session, host) => {
    const db = session.requireDb();
    const name = fileName ?? `explore-rows.${format}`;
    return session.jobs.start({
      beforeFinish: logged(db, host, what ?? 'Explore rows', personal),
      jobId,
      kind: 'export',
      label: 'Exporting rows',
      fileName: name,
      path: destination(path, host),
      run: async (ctx) => ({
        rows: await writeRawRows(db, filters, ctx.file, format, {
          personal,
          signal: ctx.signal,
          onProgress: (rows, total) =>
            ctx.progress(rows, total, {
              rows,
              label: `Exporting rows: ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
            }),
        }),
      }),
    });
  },
  'import.exportRejects': async ({ importId, jobId, path }, session, host) => {
    const db = session.requireDb();
    const name = await rejectsFileName(db, importId);
    return session.jobs.start({
      // A reject keeps its line as the file had it: whatever personal data that line held.
      beforeFinish: logged(db, host, `Rejected lines of import #${importId}`, ['original lines']),
      jobId,
      kind: 'export',
      label: `Exporting the rejects of import #${importId}`,
      fileName: name,
      path: destination(path, host),
      run: async (ctx) => ({
        rows: await writeRejects(db, importId, ctx.file, {
          signal: ctx.signal,
          onProgress: (rows, total) => ctx.progress(rows, total, { rows }),
        }),
      }),
    });
  },
  'dashboards.exportPdf': async ({ jobId, path, ...input }, session, host) => {
    const name = `${slug(input.name, 'dashboard')}${input.layout === 'slides' ? '-slides' : ''}.pdf`;
    return session.jobs.start({
      jobId,
      kind: 'pdf',
      label: `Making ${name}`,
      fileName: name,
      path: destination(path, host),
      run: async (ctx) => {
        const { pages } = await writeDashboardPdf(input, ctx.file);
        ctx.progress(pages, pages);
        return { pages };
      },
    });
  },
  'draw.exportReport': async ({ drawId, jobId, path }, session, host) => {
    const db = session.requireDb();
    const d = (await listDraws(db)).find((x) => x.drawId === drawId);
    if (!d) throw new AceError('NOT_FOUND', `There is no draw ${drawId}.`);
    const workspace = (await session.info()).name;
    const name = `draw-${d.tier.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${d.drawId}.pdf`;
    return session.jobs.start({
      jobId,
      kind: 'pdf',
      label: `Making the draw report ${name}`,
      fileName: name,
      path: destination(path, host),
      run: async (ctx) => {
        await writeDrawReportPdf(d, workspace, ctx.file);
        return {};
      },
    });
  },
  'draw.exportWinners': async ({ jobId, path }, session, host) => {
    const db = session.requireDb();
    return session.jobs.start({
      beforeFinish: logged(db, host, 'Public winners list', WINNERS_LIST_PERSONAL),
      jobId,
      kind: 'export',
      label: 'Exporting the public winners list',
      fileName: 'winners-list.csv',
      path: destination(path, host),
      run: async (ctx) => ({ rows: await writeWinnersList(db, ctx.file) }),
    });
  },
  'roi.export': async ({ format, fileName, jobId, path, ...input }, session, host) => {
    const to = destination(path, host);
    // The figures first, so a bad question is this call's error (as roi.get's); then the file, as a job.
    const r = await getRoi(session.requireDb(), input);
    const workspace = (await session.info()).name;
    const by = r.by.replace(/_/g, ' ');
    return session.jobs.start({
      jobId,
      kind: 'export',
      label: format === 'svg' ? `Drawing spend and revenue by ${by}` : `Exporting the ROI table as ${format.toUpperCase()}`,
      fileName: fileName ?? `roi-by-${r.by.replace(/_/g, '-')}.${format}`,
      path: to,
      run: async (ctx) => writeRoiExport(r, format, `${workspace}: spend and revenue by ${by}`, ctx.file),
    });
  },
};
