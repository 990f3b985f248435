/** Output shapes of the API. Plain data only: numbers, strings, booleans, null, arrays, objects. */

export const DATASET_KINDS = [
  'media_buys',
  'spend',
  'entries',
  'redemptions',
  'stores',
  'contacts',
  'optouts',
] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export interface DatasetCount {
  kind: DatasetKind;
  rows: number;
}

export interface WorkspaceInfo {
  path: string;
  name: string;
  isDemo: boolean;
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
export type FileEncoding = 'utf-8' | 'utf-16' | 'latin-1';

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
  format: 'csv' | 'parquet';
  delimiter: string | null;
  encoding: FileEncoding | null;
  headers: string[];
  sample: string[][];
  kind: DatasetKind;
  kindScores: Record<DatasetKind, number>;
  mapping: Record<string, string>;
  mappingSource: 'saved' | 'suggested' | 'given';
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
