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
