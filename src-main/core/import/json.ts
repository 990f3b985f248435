import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AceError } from '../lib/errors';
import { containerOf, gunzipHead, readBytes, statFile } from './source';
import { uniqueHeaders, type JsonLayout, type SniffResult } from './sniff';
import { flattenReport, MAX_REPORT_BYTES, type FlatReport } from './json-reports';

export type { JsonLayout } from './sniff';

/**
 * JSON as a container: sending services hand out events as a JSON array of objects (SendGrid's Event
 * Webhook, saved) or as JSON lines, one object per line (Twilio BulkExport, gzip). Such a file is written
 * out as a UTF-8 CSV, record for line: the header (line 1) is every top-level key in first-seen order,
 * record N is line N+1 (for JSON lines: line N of the file is line N+1), a nested value is its compact
 * JSON text. Both layouts are streamed (two passes: the keys, then the rows), never loaded whole.
 */

/** A record that is not a JSON object: rejected with its line, never dropped. */
export interface JsonReject {
  line: number;
  reason: string;
  raw: string;
}

const SAMPLE_ROWS = 50;
/** Longer than this, an array element is not a record: the file is broken (an unterminated string swallows the rest). */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/**
 * The layout of a JSON file by its first non-blank character (after a BOM, after gunzip), or null for
 * anything else. What follows `[` or `{` must start a JSON value or key: a CSV header such as "[id],name"
 * or "{id}" stays a CSV.
 */
export async function jsonLayoutOf(path: string): Promise<JsonLayout | null> {
  const size = statFile(path);
  const raw = readBytes(path, Math.min(size, 4096));
  const container = containerOf(raw);
  if (container !== 'text' && container !== 'gzip') return null;
  const head = container === 'gzip' ? (await gunzipHead(path, 4096)).head : raw;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*\{\s*("|\}|$)/.test(text)) return text.includes('"emails"') && (await readReport(path)) ? 'report' : 'lines';
  if (/^\s*\[\s*([{[\]"\-0-9]|(true|false|null)\s*[,\]]|$)/.test(text)) return 'array';
  return null;
}

function textStream(path: string): Readable {
  const raw = readBytes(path, 2);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const s = containerOf(raw) === 'gzip' ? file.pipe(createGunzip()) : file;
  if (s !== file) file.on('error', (e) => s.destroy(e));
  s.setEncoding('utf8');
  return s;
}

type Item = { line: number; blank: true } | { line: number; text: string };

/** A known report nesting its rows in one document (json-reports.ts), read whole; null for any other document. */
async function readReport(path: string): Promise<FlatReport | null> {
  if (statFile(path) > MAX_REPORT_BYTES) return null;
  let text = '';
  for await (const chunk of textStream(path) as AsyncIterable<string>) {
    text += chunk;
    if (text.length > MAX_REPORT_BYTES) return null;
  }
  try {
    return flattenReport(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return null;
  }
}

/** A report's rows, record N on line N+1 as for an array. */
async function* reportItems(path: string): AsyncGenerator<Item> {
  const report = await readReport(path);
  if (!report) throw new AceError('BAD_INPUT', `${basename(path)} could not be read as a report any more. Save it again.`);
  let line = 1;
  for (const r of report.records) yield { line: ++line, text: JSON.stringify(r) };
}

/** JSON lines: every line of the file (blank ones too, so line N stays record N). */
async function* lineItems(path: string): AsyncGenerator<Item> {
  let line = 0;
  for await (const text of createInterface({ input: textStream(path), crlfDelay: Infinity })) {
    line++;
    const t = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    // Line N of the file is line N+1 of the CSV, below the header.
    yield t ? { line: line + 1, text: t } : { line: line + 1, blank: true };
  }
}

/**
 * The elements of a JSON array, as text, by tracking strings and nesting depth (each element is then
 * read by JSON.parse, which is native and fast; a token-by-token parser in JavaScript would be several
 * times slower and is not needed to find where an element ends). Throws when the array is not closed.
 */
async function* arrayItems(path: string): AsyncGenerator<Item> {
  const fileName = basename(path);
  let state = 'start' as 'start' | 'between' | 'element' | 'end';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let partsChars = 0;
  let index = 0;
  let first = true;
  const broken = (why: string) =>
    new AceError('BAD_INPUT', `${fileName} is not a complete JSON array: ${why}. Export or download it again.`);
  for await (let chunk of textStream(path) as AsyncIterable<string>) {
    if (first) chunk = chunk.replace(/^\uFEFF/, '');
    first = false;
    const out: Item[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && depth > 0) depth--;
        else if (depth === 0 && (c === 44 || c === 93)) {
          // A comma or the closing bracket at depth 0 ends the element.
          parts.push(chunk.slice(start, i));
          out.push({ line: ++index + 1, text: parts.join('').trim() });
          parts = [];
          partsChars = 0;
          state = c === 44 ? 'between' : 'end';
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (state === 'start') {
        if (c !== 91) throw broken('it does not start with [');
        state = 'between';
      } else if (state === 'between' && c === 93) state = 'end';
      else if (state === 'between') {
        state = 'element';
        start = i;
        i--; // read this character as the element's first
      } else if (state === 'end') throw broken(`there is more after the closing ] (“${chunk.slice(i, i + 20)}”)`);
    }
    if (state === 'element') {
      parts.push(chunk.slice(start));
      partsChars += chunk.length - start;
      if (partsChars > MAX_RECORD_CHARS) throw broken(`record ${index + 1} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB`);
    }
    yield* out;
  }
  if (state !== 'end')
    throw broken(state === 'element' ? `record ${index + 1} is cut off and the array never closes` : 'the array never closes');
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'true or false' : typeof v;
}

/** A record, or why it is not one. Rejects name the record as the person sees it in the file. */
function readItem(item: { line: number; text: string }, layout: JsonLayout): { record: Record<string, unknown> } | { reason: string } {
  const what =
    layout === 'lines'
      ? `Line ${item.line - 1} of the file`
      : layout === 'report'
        ? `Row ${item.line - 1} of the report`
        : `Record ${item.line - 1} of the JSON array`;
  let v: unknown;
  try {
    v = JSON.parse(item.text);
  } catch (e) {
    return { reason: `${what} is not valid JSON (${(e as Error).message.slice(0, 160)}).` };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { reason: `${what} is ${kindOf(v)}, not a JSON object of fields.` };
  return { record: v as Record<string, unknown> };
}

/** The file's items in order; a read that fails half way (a damaged gzip) says what to do. */
async function* items(path: string, layout: JsonLayout): AsyncGenerator<Item> {
  try {
    yield* layout === 'array' ? arrayItems(path) : layout === 'report' ? reportItems(path) : lineItems(path);
  } catch (e) {
    if (e instanceof AceError || (e as Error).name === 'AbortError') throw e;
    throw new AceError(
      'BAD_INPUT',
      `${basename(path)} could not be read to the end (${(e as Error).message}). Download or export it again.`,
    );
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvLine = (cells: string[]) => cells.map(csvField).join(',') + '\n';

export interface JsonScan {
  layout: JsonLayout;
  /** A report's recipients with nothing to import (no activity). */
  withoutActivity?: number;
  /** Top-level keys in first-seen order. */
  keys: string[];
  records: number;
  rejected: number;
  sample: string[][];
}

/**
 * First pass: the keys (the CSV header), the count of records and rejects, a sample. A file no record
 * of which can be read, or a single JSON document spread over lines, gets an error that says what to do.
 */
export async function scanJson(path: string, layout: JsonLayout, signal?: AbortSignal): Promise<JsonScan> {
  const fileName = basename(path);
  const keys = new Map<string, number>();
  const firstRecords: Record<string, unknown>[] = [];
  let records = 0;
  let rejected = 0;
  let firstError: string | null = null;
  let seenLine = false;
  for await (const item of items(path, layout)) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if ('blank' in item) continue;
    const r = readItem(item, layout);
    if (layout === 'lines' && !seenLine && 'reason' in r) {
      // NDJSON's first line is a record; a first line that is not one ("{" alone) is a document over many lines.
      throw new AceError(
        'BAD_INPUT',
        `${fileName} starts with { but its first line is not a JSON object by itself (${r.reason.replace(/^Line \d+ of the file is /, '')}), so it is neither JSON lines (one object per line) nor a JSON array of objects. Save the records as a JSON array or as JSON lines (NDJSON), or export them as CSV, and import that.`,
      );
    }
    seenLine = true;
    if ('reason' in r) {
      rejected++;
      firstError ??= r.reason;
      continue;
    }
    records++;
    for (const k of Object.keys(r.record)) if (!keys.has(k)) keys.set(k, keys.size);
    if (firstRecords.length < SAMPLE_ROWS) firstRecords.push(r.record);
  }
  if (records === 0) {
    throw new AceError(
      'BAD_INPUT',
      `${fileName} holds no JSON objects that can be read as rows${firstError ? ` (${firstError})` : ''}. Import a JSON array of objects or JSON lines (one object per line), or export the data as CSV.`,
    );
  }
  // One object whose value is the list of records ({"messages": [...]}): say where they are.
  const wrapped =
    records === 1 && rejected === 0
      ? Object.entries(firstRecords[0]!).find(([, v]) => Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object'))
      : undefined;
  if (wrapped) {
    throw new AceError(
      'BAD_INPUT',
      `${fileName} is one JSON object that holds its records under "${wrapped[0]}". Save that list itself as a JSON array (or as JSON lines) and import that.`,
    );
  }
  const order = [...keys.keys()];
  const withoutActivity = layout === 'report' ? (await readReport(path))?.withoutActivity : undefined;
  return {
    layout,
    keys: order,
    records,
    rejected,
    sample: firstRecords.map((rec) => order.map((k) => cell(rec[k]))),
    ...(withoutActivity !== undefined ? { withoutActivity } : {}),
  };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/**
 * Second pass: the CSV in `dir`, record for line, and the rejects (line, reason, raw text) in a CSV of
 * their own. A record that is not an object is written as an empty line, so the lines after it keep
 * their numbers (the reader skips empty lines and counts them as blank; the import takes them off that count).
 */
export async function jsonToCsv(
  path: string,
  scan: JsonScan,
  dir: string,
  signal?: AbortSignal,
): Promise<{ csvPath: string; rejectsPath: string; rejected: number }> {
  const csvPath = join(dir, 'records.csv');
  const rejectsPath = join(dir, 'json-rejects.csv');
  const out = createWriteStream(csvPath, { mode: 0o600 });
  const rej = createWriteStream(rejectsPath, { mode: 0o600 });
  const col = new Map(scan.keys.map((k, i) => [k, i]));
  let rejected = 0;
  let buf = csvLine(scan.keys);
  let rejBuf = 'line,reason,raw\n';
  try {
    for await (const item of items(path, scan.layout)) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if ('blank' in item) buf += '\n';
      else {
        const r = readItem(item, scan.layout);
        if ('reason' in r) {
          rejected++;
          buf += '\n';
          rejBuf += csvLine([String(item.line), r.reason, item.text.slice(0, 2000)]);
        } else {
          const cells = Array<string>(scan.keys.length).fill('');
          for (const [k, v] of Object.entries(r.record)) cells[col.get(k)!] = cell(v);
          buf += csvLine(cells);
        }
      }
      if (buf.length > 256 * 1024) {
        await write(out, buf);
        buf = '';
      }
      if (rejBuf.length > 64 * 1024) {
        await write(rej, rejBuf);
        rejBuf = '';
      }
    }
    await write(out, buf);
    await write(rej, rejBuf);
  } finally {
    await Promise.all([close(out), close(rej)]);
  }
  return { csvPath, rejectsPath, rejected };
}

/** What the report says of a JSON file: how its records became lines. */
export function jsonNote(layout: JsonLayout, withoutActivity = 0): string {
  if (layout === 'report')
    return `Mailchimp email activity report: each activity of each recipient is a row (row N is line N+1); ${withoutActivity} recipient${withoutActivity === 1 ? '' : 's'} with no activity had nothing to import`;
  return layout === 'array'
    ? 'JSON array of records: record N is line N+1, below the header of its keys on line 1'
    : 'JSON lines: line N of the file is line N+1, below the header of its keys on line 1';
}

/** The head of a JSON file as the sniff of its CSV: comma-separated UTF-8, the header on line 1. */
export function jsonHead(path: string, scan: JsonScan, gzip: boolean): SniffResult {
  return {
    path,
    fileName: basename(path),
    size: statFile(path),
    container: gzip ? 'gzip' : 'text',
    dialect: { format: 'csv', delimiter: ',', quote: '"', escape: '"', encoding: 'utf-8', hasBom: false, newline: 'lf' },
    encodingNote: jsonNote(scan.layout, scan.withoutActivity),
    headerLine: 1,
    above: { lines: 0, titles: [] },
    headers: uniqueHeaders(scan.keys),
    sample: scan.sample,
    json: scan.layout,
  };
}
