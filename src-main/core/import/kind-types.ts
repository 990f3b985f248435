import type { DatasetKind } from '../../contract/types';

export type ColumnType =
  | 'text'
  | 'id' // trimmed text, blank = null
  | 'keyword' // upper-case, no whitespace
  | 'email'
  | 'phone'
  | 'zip'
  | 'money'
  | 'count' // whole number, commas allowed
  | 'age'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'lower' // lower-case text (channels, media types)
  | 'currency'
  | 'latlon'
  | 'event'; // a message outcome (events.ts)

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  synonyms: string[];
}

export interface KindSpec {
  kind: DatasetKind;
  label: string;
  columns: ColumnSpec[];
  /** Columns that must be mapped and present on every row. */
  required: string[];
  /** Groups where at least one column must be mapped, and each row needs one of them filled. */
  oneOf: string[][];
  /** Whether a row needs a value in one of `oneOf` (entries, contacts) or may leave all blank (spend: unattributed). */
  oneOfPerRow: boolean;
  /** The column that identifies a row for duplicate detection (synthesised from content where absent). */
  key?: string;
}

export const c = (name: string, type: ColumnType, synonyms: string[] = []): ColumnSpec => ({ name, type, synonyms });

/** Header names shared by several kinds. */
export const EMAIL = ['email', 'e-mail', 'email address', 'e-mail address', 'emailaddress', 'mail', 'email_addr', 'subscriber email'];
export const PHONE = [
  'phone',
  'phone number',
  'mobile',
  'mobile number',
  'mobile phone',
  'cell',
  'cell phone',
  'cellphone',
  'msisdn',
  'sms number',
  'telephone',
  'tel',
  'from number',
  'sender',
];
export const KEYWORD = ['keyword', 'key word', 'sms keyword', 'text keyword', 'short code keyword', 'kw'];
export const MEDIA_BUY = ['media buy id', 'media_buy_id', 'media buy', 'placement id', 'buy id', 'insertion order', 'io id', 'mb id'];
