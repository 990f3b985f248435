import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportReport } from '../../../src-main/contract/types';
import { createDispatcher } from '../../../src-main/core/dispatcher';
import type { Session } from '../../../src-main/core/session';
import { emptySession, file } from '../helpers/import';
import { tempDir } from '../helpers/tmp';
import { onEveryCore } from '../helpers/threads';

onEveryCore();

const dir = tempDir();
const host = { host: 'web' as const, version: 't', nativeDialogs: false };

describe('import through the API: preview, upload, run, rejects', () => {
  let s: Session;
  let call: <T>(method: string, input?: unknown) => Promise<T>;
  beforeAll(async () => {
    s = await emptySession(dir);
    const dispatch = createDispatcher({ session: s, host });
    call = async <T>(method: string, input: unknown = {}) => {
      const r = await dispatch(method, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
  });
  afterAll(() => s.close());

  it('previews a file: guessed kind, suggested mapping, each column of the sample as it will be read', async () => {
    const path = file(
      dir,
      'web-form.csv',
      'Submission ID,Submitted At,Email,Cell,Zip Code,Age,Opt In SMS,Notes\ns1,03/01/2026 9:30 AM,Ann@X.com,(617) 555-0101,2134,34,yes,hi\ns2,03/02/2026,b@x.com,,02139,old,no,\n',
    );
    const p = await call<ImportPreview>('import.preview', { path });
    expect(p.kind).toBe('entries');
    expect(p.mappingSource).toBe('suggested');
    expect(p.mapping).toMatchObject({
      entry_id: 'Submission ID',
      entered_at: 'Submitted At',
      email: 'Email',
      phone: 'Cell',
      zip: 'Zip Code',
      age: 'Age',
    });
    expect(p.problems).toEqual([]);
    const col = (name: string) => p.columns.find((c) => c.column === name)!;
    expect(col('entered_at').values).toEqual(['2026-03-01 09:30:00', '2026-03-02 00:00:00']);
    expect(col('email').values).toEqual(['ann@x.com', 'b@x.com']);
    expect(col('zip').values).toEqual(['02134', '02139']);
    expect(col('age')).toMatchObject({ values: ['34', null], unreadable: 1 });
    expect(col('entered_at').required).toBe(true);
    expect(p.mapping.sms_opt_in).toBe('Opt In SMS');
    expect(p.customColumns).toEqual(['Notes']);
    expect(p.sample[0]).toEqual(['s1', '03/01/2026 9:30 AM', 'Ann@X.com', '(617) 555-0101', '2134', '34', 'yes', 'hi']);
  });

  it('previews a file whose rows all stop short of the header (a trailing column never filled in)', async () => {
    const path = file(dir, 'short-rows.csv', 'Entry ID,Entered At,Email,Notes\ne1,2026-03-01,a@x.com\ne2,2026-03-02,b@x.com\n');
    const p = await call<ImportPreview>('import.preview', { path, kind: 'entries' });
    expect(p.customColumns).toEqual(['Notes']);
    expect(p.columns.find((c) => c.column === 'email')!.values).toEqual(['a@x.com', 'b@x.com']);
  });

  it('shows problems instead of failing when the mapping is incomplete, and for another kind', async () => {
    const path = file(dir, 'x.csv', 'a,b\n1,2\n');
    const p = await call<ImportPreview>('import.preview', { path, kind: 'spend' });
    expect(p.problems).toEqual([
      'Required column date is not mapped: choose which column of the file holds it.',
      'Required column amount is not mapped: choose which column of the file holds it.',
      'Map at least one of media_buy_id or keyword.',
    ]);
  });

  it('uploads a file in chunks, imports it with an edited mapping, and reuses that mapping for the same export next time', async () => {
    const text =
      'Submission ID,Submitted At,Email,Cell,Zip Code,Age,Opt In SMS,Notes\n' +
      Array.from({ length: 2000 }, (_, i) => `u${i},03/01/2026,u${i}@x.com,,02139,30,yes,`).join('\n') +
      '\n';
    const bytes = Buffer.from(text);
    const { uploadId } = await call<{ uploadId: string }>('import.uploadBegin', { fileName: 'web form.csv', size: bytes.length });
    for (let off = 0; off < bytes.length; off += 10_000) {
      await call('import.uploadChunk', { uploadId, offset: off, data: bytes.subarray(off, off + 10_000).toString('base64') });
    }
    const { path } = await call<{ path: string }>('import.uploadFinish', { uploadId });
    expect(readFileSync(path, 'utf8')).toBe(text);
    const mapping = { entry_id: 'Submission ID', entered_at: 'Submitted At', email: 'Email', sms_opt_in: 'Opt In SMS' };
    const r = await call<ImportReport>('import.run', { taskId: 't1', path, kind: 'entries', mapping, fileName: 'web form.csv' });
    expect(r).toMatchObject({ fileName: 'web form.csv', rowsImported: 2000, customColumns: ['Cell', 'Zip Code', 'Age', 'Notes'] });
    const again = await call<ImportPreview>('import.preview', { path: file(dir, 'next-week.csv', text.replace(/u(\d)/g, 'w$1')) });
    expect(again.mappingSource).toBe('saved');
    expect(again.mapping).toEqual(mapping);
  });

  it('refuses out-of-order and oversized upload chunks', async () => {
    const { uploadId } = await call<{ uploadId: string }>('import.uploadBegin', { fileName: 'a.csv', size: 4 });
    await expect(call('import.uploadChunk', { uploadId, offset: 2, data: 'QUI=' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      call('import.uploadChunk', { uploadId, offset: 0, data: Buffer.from('too long').toString('base64') }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    // An oversized upload is dropped at once: nothing half-written stays behind.
    await expect(call('import.uploadFinish', { uploadId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/Drop the file again/),
    });
    const short = await call<{ uploadId: string }>('import.uploadBegin', { fileName: 'b.csv', size: 4 });
    await call('import.uploadChunk', { uploadId: short.uploadId, offset: 0, data: Buffer.from('ab').toString('base64') });
    await expect(call('import.uploadFinish', { uploadId: short.uploadId })).rejects.toMatchObject({
      message: expect.stringMatching(/incomplete/),
    });
  });

  it('lists the import history and every reject, and exports rejects as spreadsheet-safe CSV', async () => {
    const path = file(dir, 'evil.csv', 'entry_id,entered_at,email\nv1,=cmd|calc,a@x.com\nv2,2026-03-01,\nv3,2026-03-01,ok@x.com\n');
    const r = await call<ImportReport>('import.run', { taskId: 't2', path, kind: 'entries' });
    const history = await call<{ importId: number; fileName: string; rowsRejected: number }[]>('import.history');
    expect(history[0]).toMatchObject({ importId: r.importId, rowsRejected: 2 });
    const page = await call<{ total: number; rows: { line: number; raw: Record<string, string> }[] }>('import.rejects', {
      importId: r.importId,
      limit: 1,
    });
    expect(page.total).toBe(2);
    expect(page.rows).toEqual([
      {
        line: 2,
        reason: 'Cannot read entered_at "=cmd|calc" as a date and time.',
        raw: { entry_id: 'v1', entered_at: '=cmd|calc', email: 'a@x.com' },
      },
    ]);
    // The browser host: the job's file is offered once as a download named after the import.
    const { jobId } = await call<{ jobId: string }>('import.exportRejects', { importId: r.importId });
    const done = await s.jobs.wait(jobId);
    expect(done).toMatchObject({ state: 'done', output: { rows: 2, fileName: expect.stringMatching(/-rejects\.csv$/) } });
    const taken = s.jobs.downloads.take(String(done.output!.downloadUrl).split('/').pop()!);
    const lines = readFileSync(taken!.path, 'utf8').split('\r\n');
    // Only a cell that starts like a formula is neutralised (the reason starts with "Cannot").
    // Quoted only where CSV needs it (export/tabular, as every export writes it).
    expect(lines[1]).toBe(`2,"Cannot read entered_at ""=cmd|calc"" as a date and time.",v1,'=cmd|calc,a@x.com`);
  });

  it('cancels a running import by its task id', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `k${i},2026-03-01,k${i}@x.com`).join('\n');
    const path = file(dir, 'cancel.csv', 'entry_id,entered_at,email\n' + rows + '\n');
    const events: string[] = [];
    const off = s.events.subscribe((name, payload) => {
      if (name === 'task.progress' && (payload as { taskId: string }).taskId === 't3') {
        events.push('progress');
        if (events.length === 1) void call('import.cancel', { taskId: 't3' });
      }
    });
    await expect(call('import.run', { taskId: 't3', path, kind: 'entries' })).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
    expect(await s.requireDb().rows(`SELECT count(*) AS n FROM entries WHERE entry_id LIKE 'k%'`)).toEqual([{ n: '0' }]);
  });
});
