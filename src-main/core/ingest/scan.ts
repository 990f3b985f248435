import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileScan {
  sha256: string;
  /** CSV records after the header (non-blank lines, quoted line breaks inside a record); null for Parquet. */
  records: number | null;
  /** Line numbers (header = 1) of records longer than `maxRecordBytes`. */
  longRecords: number[];
}

const NL = 10;
const QUOTE = 34;

/**
 * One streamed pass over the file: its SHA-256 (to recognise a re-import) and an independent count
 * of its CSV records, so a record the CSV reader skipped without a word (DuckDB's parallel reader
 * drops a line of a gigabyte silently) is still counted and reported. Native indexOf jumps between
 * quotes and line ends, so the pass runs near memory speed.
 */
export function scanFile(path: string, opts: { csv: boolean; maxRecordBytes: number; signal?: AbortSignal }): Promise<FileScan> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let inQuote = false;
    let recordBytes = 0;
    let recordHasContent = false;
    let records = 0; // including the header
    const longRecords: number[] = [];
    const endRecord = () => {
      if (recordHasContent) {
        records++;
        if (recordBytes > opts.maxRecordBytes && longRecords.length < 1000) longRecords.push(records);
      }
      recordBytes = 0;
      recordHasContent = false;
    };
    const s = createReadStream(path, { highWaterMark: 4 * 1024 * 1024, signal: opts.signal });
    s.on('data', (chunk) => {
      const buf = chunk as Buffer;
      h.update(buf);
      if (!opts.csv) return;
      let pos = 0;
      let nextQuote = -2;
      while (pos < buf.length) {
        if (inQuote) {
          const q = buf.indexOf(QUOTE, pos);
          if (q < 0) {
            recordBytes += buf.length - pos;
            break;
          }
          recordBytes += q + 1 - pos;
          inQuote = false;
          pos = q + 1;
          continue;
        }
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
        const nl = buf.indexOf(NL, pos);
        if (nl >= 0 && (nextQuote < 0 || nl < nextQuote)) {
          const len = nl - pos;
          // A line holding only "\r" (or nothing) is blank, unless the record already has content.
          if (len > 1 || (len === 1 && buf[pos] !== 13)) recordHasContent = true;
          recordBytes += len;
          endRecord();
          pos = nl + 1;
        } else if (nextQuote >= 0) {
          recordHasContent = true;
          recordBytes += nextQuote + 1 - pos;
          inQuote = true;
          pos = nextQuote + 1;
        } else {
          const len = buf.length - pos;
          if (len > 1 || (len === 1 && buf[pos] !== 13)) recordHasContent = true;
          recordBytes += len;
          pos = buf.length;
        }
      }
    });
    s.on('end', () => {
      endRecord();
      resolve({ sha256: h.digest('hex'), records: opts.csv ? Math.max(0, records - 1) : null, longRecords });
    });
    s.on('error', reject);
  });
}
