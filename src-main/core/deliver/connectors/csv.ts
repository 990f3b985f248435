import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { neutralise } from '../../export/tabular';
import { writeFileAtomic } from '../../lib/fs-atomic';
import type { BatchOutcome, CheckOutcome, Connector } from '../connector';
import { localFailure } from '../failure';

/** Spreadsheet-safe (an E.164 phone stays as it is: contract/formula.ts). */
const cell = (v: string | null) => {
  if (v === null) return '';
  const s = neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A file per batch in a folder, for manual upload where no API is available. Written atomically and
 * named by the batch's idempotency key: a resumed push finds the file and does not write it twice.
 */
export function createCsvConnector(o: { folder: string; fields: readonly string[] }): Connector {
  return {
    kind: 'csv',
    maxBatch: 50_000,
    channels: ['email', 'sms'],
    async sendBatch(contacts, ctx): Promise<BatchOutcome> {
      try {
        // The files name people: a folder made here is its owner's only (the files are 0600 either way).
        mkdirSync(o.folder, { recursive: true, mode: 0o700 });
        const file = join(o.folder, `${ctx.idempotencyKey}.csv`);
        if (!existsSync(file)) {
          // With a template, the message as each person gets it (subject for email).
          const msg = contacts.some((c) => c.message) ? (ctx.channel === 'email' ? ['subject', 'message'] : ['message']) : [];
          const header = ['contact_id', ctx.channel === 'email' ? 'email' : 'phone', ...o.fields, ...msg];
          const message = (c: (typeof contacts)[number]) =>
            msg.length === 2 ? [c.message?.subject ?? null, c.message?.text ?? null] : msg.length ? [c.message?.text ?? null] : [];
          const lines = [
            header.join(','),
            ...contacts.map((c) =>
              [c.contactId, c.address, ...o.fields.map((f) => c.fields[f] ?? null), ...message(c)].map(cell).join(','),
            ),
          ];
          writeFileAtomic(file, lines.join('\r\n') + '\r\n');
        }
        return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
      } catch (e) {
        const reason = `Cannot write to ${o.folder}: ${(e as Error).message}. Choose a folder you can write to.`;
        return { kind: 'fail', reason, failure: localFailure('misconfigured', reason) };
      }
    },
    /**
     * One file per operation and batch (`<run>-b<n>-add.csv`, `-update.csv`, `-remove.csv`), written once: a
     * resumed run finds it. An update that moves a person names the address the list holds them under now.
     */
    async syncBatch(contacts, ctx): Promise<BatchOutcome> {
      try {
        mkdirSync(o.folder, { recursive: true, mode: 0o700 });
        const file = join(o.folder, `${ctx.idempotencyKey}-${ctx.op}.csv`);
        if (!existsSync(file)) {
          const col = ctx.channel === 'email' ? 'email' : 'phone';
          const fields = ctx.op === 'remove' ? [] : o.fields;
          const moved = ctx.op === 'update' ? [`previous_${col}`] : [];
          const lines = [
            ['contact_id', col, ...moved, ...fields].join(','),
            ...contacts.map((c) =>
              [c.contactId, c.address, ...(moved.length ? [c.previousAddress] : []), ...fields.map((f) => c.fields[f] ?? null)]
                .map(cell)
                .join(','),
            ),
          ];
          writeFileAtomic(file, lines.join('\r\n') + '\r\n');
        }
        return { kind: 'done', results: contacts.map((c) => ({ contactId: c.contactId, status: 'accepted' })) };
      } catch (e) {
        const reason = `Cannot write to ${o.folder}: ${(e as Error).message}. Choose a folder you can write to.`;
        return { kind: 'fail', reason, failure: localFailure('misconfigured', reason) };
      }
    },
    /** Whether the folder can be written to (or made); nothing is written. */
    async check(): Promise<CheckOutcome> {
      const request = `write access to ${o.folder}`;
      try {
        if (existsSync(o.folder)) {
          if (!statSync(o.folder).isDirectory()) throw new Error('it is a file, not a folder');
          accessSync(o.folder, constants.W_OK);
        }
        return { status: null, request, failure: null };
      } catch (e) {
        return { status: null, request, failure: localFailure('misconfigured', `cannot write to ${o.folder}: ${(e as Error).message}`) };
      }
    },
  };
}
