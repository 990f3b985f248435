import type { DatasetKind } from '../src-main/contract/types';

/** A dataset's rows, as the screens count them ("Entries: 3,000"). */
export const DATASET_LABELS: Record<DatasetKind, string> = {
  media_buys: 'Media buys',
  spend: 'Spend rows',
  entries: 'Entries',
  redemptions: 'Redemptions',
  stores: 'Stores',
  contacts: 'Contacts',
  optouts: 'Opt-outs',
  message_events: 'Message events',
  replies: 'Replies',
};

/** What a file of each import kind holds, as the import screen names it. */
export const KIND_LABELS: Record<DatasetKind, string> = {
  media_buys: 'Media plan (media buys)',
  spend: 'Media spend',
  entries: 'Contest entries',
  redemptions: 'Coupon redemptions',
  stores: 'Stores',
  contacts: 'Contacts',
  optouts: 'Opt-outs',
  message_events: 'Message outcomes',
  replies: 'Replies and feedback',
};

export function datasetLabel(kind: string): string {
  return DATASET_LABELS[kind as DatasetKind] ?? kind;
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as DatasetKind] ?? kind;
}

/** "media_buy_id" -> "Media buy ID", "entered_at" -> "Entered at". */
export function columnLabel(column: string): string {
  const words = column.split('_').map((w) => (w === 'id' ? 'ID' : w === 'sms' ? 'SMS' : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
