import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { AceError } from '../lib/errors';

/**
 * What a file is before it is a table: its container (plain text, gzip, an Excel workbook, Parquet) and
 * its text encoding. DuckDB reads plain UTF-8 CSV with one kind of line end at full speed; anything
 * else (UTF-16, Windows-1252, gzip, a workbook, mixed line ends) is first written out as such a file,
 * line for line, so line numbers stay those of the original.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
/** What a person may ask for (the older names stay accepted). */
export type EncodingChoice = Encoding | 'utf-16' | 'latin-1';
export type Container = 'text' | 'gzip' | 'xlsx' | 'parquet';

export function encodingOf(choice: EncodingChoice | undefined): Encoding | undefined {
  if (choice === 'latin-1') return 'windows-1252';
  if (choice === 'utf-16') return undefined; // decided from the byte order mark
  return choice;
}

export const HEAD_BYTES = 256 * 1024;

export function statFile(path: string): number {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new AceError('BAD_INPUT', `${path} is a folder. Choose a CSV, TSV, Excel or Parquet file.`);
    if (st.size === 0) throw new AceError('BAD_INPUT', `${basename(path)} is empty (0 bytes). Export the data again.`);
    return st.size;
  } catch (e) {
    if (e instanceof AceError) throw e;
    throw new AceError(
      'NOT_FOUND',
      `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`,
    );
  }
}

export function readBytes(path: string, bytes: number, position = 0): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function containerOf(head: Buffer): Container {
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  return 'text';
}

/** The first bytes of a gzip file, decompressed. */
export async function gunzipHead(path: string, bytes = HEAD_BYTES): Promise<{ head: Buffer; whole: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const gunzip = createGunzip();
  const input = createReadStream(path);
  try {
    for await (const chunk of input.pipe(gunzip)) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) {
        input.destroy();
        return { head: Buffer.concat(chunks).subarray(0, bytes), whole: false };
      }
    }
  } catch (e) {
    throw new AceError('BAD_INPUT', `${basename(path)} is a damaged gzip file (${(e as Error).message}). Download or export it again.`);
  }
  return { head: Buffer.concat(chunks), whole: true };
}

/** Valid UTF-8, ignoring a multi-byte character cut at the end of a sample. */
export function validUtf8(buf: Buffer, whole: boolean): boolean {
  for (let cut = 0; cut <= (whole ? 0 : 3); cut++) if (isUtf8(buf.subarray(0, buf.length - cut))) return true;
  return false;
}

/** UTF-16 by its byte order mark, or without one by the zero bytes of ASCII text. */
function utf16Of(head: Buffer): Encoding | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  if (oddZero > n / 2 / 3 && evenZero < n / 2 / 20) return 'utf-16le';
  if (evenZero > n / 2 / 3 && oddZero < n / 2 / 20) return 'utf-16be';
  return null;
}

/** The file's text encoding: a choice, a byte order mark, valid UTF-8, else Windows-1252 (Excel's plain "CSV"). */
export function encodingFor(head: Buffer, whole: boolean, fileName: string, chosen?: Encoding): { encoding: Encoding; detected: string } {
  const utf16 = utf16Of(head);
  if (chosen) return { encoding: chosen, detected: 'as chosen' };
  if (utf16) return { encoding: utf16, detected: head[0] === 0xff || head[0] === 0xfe ? 'byte order mark' : 'zero bytes of UTF-16 text' };
  if (head.subarray(0, 8192).includes(0)) {
    throw new AceError(
      'BAD_INPUT',
      `${fileName} is a binary file, not a CSV/TSV, Excel or Parquet table. Check that you picked the export itself.`,
    );
  }
  if (validUtf8(head, whole))
    return { encoding: 'utf-8', detected: head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 'byte order mark' : 'valid UTF-8' };
  return { encoding: 'windows-1252', detected: 'not valid UTF-8: Excel’s plain “CSV” on Windows' };
}

export function decode(buf: Buffer, encoding: Encoding): string {
  return new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding).decode(buf).replace(/^\uFEFF/, '');
}

/** A private temp folder for files holding people's data while an import reads them (0700, removed after). */
export function privateTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ace-import-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Text with every line end written "\n" ("\r\n" and a lone "\r" alike), so each line stays one line. */
class NewlineNormaliser extends Transform {
  private pendingCr = false;
  constructor(private readonly decoder: InstanceType<typeof TextDecoder> | null) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.push(this.fix(this.decoder ? this.decoder.decode(chunk, { stream: true }) : chunk.toString('utf8')));
    done();
  }
  override _flush(done: () => void): void {
    let tail = this.decoder ? this.decoder.decode() : '';
    if (this.pendingCr) tail = '\r' + tail;
    this.pendingCr = false;
    this.push(tail.replace(/\r\n?/g, '\n'));
    done();
  }
  private fix(text: string): string {
    if (this.pendingCr) text = '\r' + text;
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  }
}

/**
 * Writes a text (or gzip) file out as UTF-8 with "\n" line ends into `dir`: the file DuckDB then reads.
 * A UTF-8 file is passed through as bytes (decoding and encoding again would cost time for nothing).
 */
export async function normaliseText(
  path: string,
  container: 'text' | 'gzip',
  encoding: Encoding,
  dir: string,
  signal?: AbortSignal,
): Promise<string> {
  const out = join(dir, 'normalised.csv');
  const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding);
  const stages: NodeJS.ReadWriteStream[] = container === 'gzip' ? [createGunzip()] : [];
  try {
    await pipeline(
      [
        createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }),
        ...stages,
        new NewlineNormaliser(decoder),
        createWriteStream(out, { mode: 0o600 }),
      ],
      { signal },
    );
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new AceError(
      'BAD_INPUT',
      `${basename(path)} could not be read to the end (${(e as Error).message}). Download or export it again.`,
    );
  }
  return out;
}

/** The sheets of a workbook, and one of them as rows of text (numbers as written, dates as ISO). */
export async function readWorkbook(path: string, sheet?: string): Promise<{ sheets: string[]; sheet: string; rows: string[][] }> {
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(path, { parseNumber: (s: string) => s })) as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    throw new AceError(
      'BAD_INPUT',
      `${basename(path)} is a zip archive but not an Excel workbook that can be read (${(e as Error).message.split('\n')[0]}). Save it from Excel as .xlsx or "CSV UTF-8" and import that.`,
    );
  }
  if (!sheets.length) throw new AceError('BAD_INPUT', `${basename(path)} has no sheets.`);
  const chosen = sheet === undefined ? sheets[0]! : sheets.find((s) => s.sheet === sheet);
  if (!chosen)
    throw new AceError(
      'BAD_INPUT',
      `${basename(path)} has no sheet "${sheet}"; its sheets are ${sheets.map((s) => `"${s.sheet}"`).join(', ')}.`,
    );
  return { sheets: sheets.map((s) => s.sheet), sheet: chosen.sheet, rows: chosen.data.map((r) => r.map(cellText)) };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel keeps wall-clock time without a zone; read-excel-file gives it as UTC.
    const iso = v
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '');
    return iso.endsWith(' 00:00:00') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** A workbook's sheet as a UTF-8 CSV in `dir` (one line per row of the sheet). */
export async function workbookToCsv(rows: string[][], dir: string): Promise<string> {
  const out = join(dir, 'sheet.csv');
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const stream = createWriteStream(out, { mode: 0o600 });
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000).map((r) => (r.length < width ? [...r, ...Array<string>(width - r.length).fill('')] : r));
    const text = Papa.unparse(part, { newline: '\n', quotes: (v: unknown) => typeof v === 'string' && /[",\n\r]/.test(v) }) + '\n';
    if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return out;
}
