import type { DatasetKind } from '../../contract/types';

export interface ProfilePart {
  kind: DatasetKind;
  /** canonical column -> normalised header (see normHeader), or `=constant`, or `+[...]` of normalised headers. */
  mapping: Record<string, string>;
  /** Which rows belong to this part (SQL over `col(normalised header)`); all rows when left out. */
  where?: (col: (h: string) => string) => string;
}

export interface ExportProfile {
  id: string;
  label: string;
  source: string;
  /** Normalised headers that must all be there. */
  requires: string[];
  parts: ProfilePart[];
  /** Rows that are not data, skipped and counted with the reason. */
  skip?: { why: string; when: (col: (h: string) => string) => string }[];
  /** Rules the import states in its report when they applied (`when`: SQL over the workspace and the file's rows, ace_stage). */
  warn?: { when: (col: (h: string) => string) => string; text: string }[];
  /** Summary rows where these name columns are all blank (Meta's "include summary row"). */
  summaryWhenBlank?: string[];
  /** A known export that is not a dataset: the sentence that says what to import instead. */
  refuse?: string;
}
