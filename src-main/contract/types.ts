/** Output shapes of the API. Plain data only: numbers, strings, booleans, null, arrays, objects. */

export const DATASET_KINDS = [
  'media_buys',
  'spend',
  'entries',
  'redemptions',
  'stores',
  'contacts',
  'optouts',
  'message_events',
  'replies',
] as const;
/** What became of a message a sending service was given (a `message_events` row's event). */
export const MESSAGE_EVENTS = ['sent', 'delivered', 'bounced', 'opened', 'clicked', 'unsubscribed', 'complained', 'replied'] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];
export type DatasetKind = (typeof DATASET_KINDS)[number];

export interface DatasetCount {
  kind: DatasetKind;
  rows: number;
}

export interface WorkspaceInfo {
  path: string;
  name: string;
  isDemo: boolean;
  /** Stored in a DuckDB file, or in a DuckLake (a catalog and Parquet data: docs/lake.md). */
  engine: 'file' | 'lake';
  schemaVersion: number;
  datasets: DatasetCount[];
  /** First and last entry date (YYYY-MM-DD), null when there are no entries. */
  dateRange: { from: string; to: string } | null;
}

export interface OverviewTotals {
  entries: number;
  mediaBuys: number;
  spend: number;
  redemptions: number;
  revenue: number;
  stores: number;
  optouts: number;
  /** DOMAIN.md ratios of the whole campaign, as ROI's total row (null where the denominator is 0). */
  costPerEntry: number | null;
  roas: number | null;
  redemptionRate: number | null;
}

export interface Overview {
  workspace: WorkspaceInfo;
  totals: OverviewTotals;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'web' | 'cli';
  /** What the host can do beyond the core (native dialogs, etc.). */
  capabilities: { nativeDialogs: boolean };
  workspace: WorkspaceInfo | null;
}

export interface DemoOptions {
  entries: number;
  seed: number;
}

export type DateOrder = 'MDY' | 'DMY';
/** Text encodings a file may be read with ('utf-16' and 'latin-1' are older names: by byte order mark, Windows-1252). */
export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'utf-16' | 'latin-1';
export type DecimalMark = '.' | ',';

/** How the file was read: what the report and the mapping step say about it. */
export interface ImportSourceInfo {
  /** json: a JSON array or JSON lines, read as the CSV of its records (encodingNote says how lines match). */
  format: 'csv' | 'parquet' | 'xlsx' | 'json';
  encoding: FileEncoding | null;
  /** How the encoding was decided ("valid UTF-8", "byte order mark", "not valid UTF-8 ..."). */
  encodingNote: string;
  delimiter: string | null;
  gzip: boolean;
  sheet: string | null;
  /** The header's line in the file (1 = first). */
  headerLine: number;
}

/** Lines that are not rows: above the header (titles, date ranges, blanks), blank rows, summary ("Total") rows. */
export interface ImportSkipped {
  aboveHeader: number;
  titles: string[];
  blank: number;
  summary: number;
  /** Rows a known export holds that are not data (outbound messages, orders without a coupon), by reason. */
  byRule?: { why: string; rows: number }[];
}

export interface ImportReject {
  line: number;
  reason: string;
}

/** What an import did. Always: rowsRead = rowsImported + rowsRejected + duplicatesSkipped. */
export interface ImportReport {
  importId: number | null;
  kind: DatasetKind;
  fileName: string;
  status: 'imported' | 'unchanged';
  message: string;
  rowsRead: number;
  rowsImported: number;
  /** Of rowsImported: rows that replaced an existing row with the same id (media buys, stores). */
  rowsUpdated: number;
  rowsRejected: number;
  duplicatesSkipped: number;
  /** The first rejects; every one is stored and can be listed or exported. */
  rejects: ImportReject[];
  mapping: Record<string, string>;
  /** Columns no canonical column claimed: kept on each row as custom attributes. */
  customColumns: string[];
  dates: { order: DateOrder; style: string; ambiguous: boolean; note: string };
  /** The decimal mark, decided once for the file (or chosen), and how. */
  numbers: { decimal: DecimalMark; note: string };
  source: ImportSourceInfo;
  /** Not rows, so not in rowsRead: counted here and said in the report. */
  skipped: ImportSkipped;
  /** The known export this file was recognised as ("Shopify customers"), when one was. */
  recognised?: string | null;
  /** The other kinds the same file held (an SMS log: its opt-outs beside its entries), each with its own counts. */
  also?: ImportReport[];
  warnings: string[];
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportColumnPreview {
  column: string;
  header: string | null;
  required: boolean;
  /** The first sample values as parsed (null = empty or unreadable). */
  values: (string | null)[];
  /** Sample values present but unreadable as this column's type. */
  unreadable: number;
}

export interface ImportPreview {
  path: string;
  fileName: string;
  size: number;
  /** json: a JSON array or JSON lines, read as the CSV of its records (encodingNote says how lines match). */
  format: 'csv' | 'parquet' | 'xlsx' | 'json';
  delimiter: string | null;
  encoding: FileEncoding | null;
  source: ImportSourceInfo;
  skipped: ImportSkipped;
  /** The decimal mark as the sample reads (the import decides from every row), and whether it must be chosen. */
  numbers: { decimal: DecimalMark; note: string; ambiguous: boolean; examples: string[] };
  /** A workbook's sheets. */
  sheets: string[] | null;
  recognised: string | null;
  headers: string[];
  sample: string[][];
  kind: DatasetKind;
  kindScores: Record<DatasetKind, number>;
  mapping: Record<string, string>;
  mappingSource: 'saved' | 'suggested' | 'given' | 'recognised';
  problems: string[];
  columns: ImportColumnPreview[];
  customColumns: string[];
}

export interface ImportHistoryItem {
  importId: number;
  kind: DatasetKind;
  fileName: string;
  startedAt: string;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  duplicatesSkipped: number;
  status: string;
}
