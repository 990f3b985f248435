/**
 * The lists an audience sync keeps (docs/push-api.md, "Audience sync"), as the test sending service holds them:
 * per sync id, address -> fields. `ace.sync.batch` bodies are checked and applied here, once per idempotency key
 * (server.ts answers a repeated key as before without applying it again).
 */
export interface SyncBatch {
  sync_id: string;
  run_id: string;
  idempotency_key: string;
  operation: 'add' | 'update' | 'remove';
  channel: 'email' | 'sms';
  batch: { number: number; count: number };
  contacts: { contact_id: string; address: string; previous_address?: string; fields: Record<string, unknown> }[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the body is a sync batch (by its type), so server.ts reads it with parseSyncBatch. */
export function isSyncBody(raw: string): boolean {
  return raw.includes('"ace.sync.batch"');
}

/** The sync batch, or why it is not one (the message goes back in the 400). */
export function parseSyncBatch(raw: string): SyncBatch | string {
  let b: unknown;
  try {
    b = JSON.parse(raw);
  } catch {
    return 'body is not JSON';
  }
  if (!isObj(b) || b.type !== 'ace.sync.batch') return 'type must be "ace.sync.batch"';
  if (b.version !== 1) return 'version must be 1';
  for (const k of ['sync_id', 'run_id', 'idempotency_key', 'list'] as const)
    if (typeof b[k] !== 'string' || !b[k]) return `${k} is required`;
  if (!['add', 'update', 'remove'].includes(b.operation as string)) return 'operation must be add, update or remove';
  if (b.channel !== 'email' && b.channel !== 'sms') return 'channel must be "email" or "sms"';
  if (!isObj(b.batch) || !Number.isInteger(b.batch.number) || !Number.isInteger(b.batch.count)) return 'batch must be {number, count}';
  if (!Array.isArray(b.contacts) || b.contacts.length === 0) return 'contacts must be a non-empty array';
  for (const [i, c] of b.contacts.entries()) {
    if (!isObj(c) || typeof c.contact_id !== 'string' || typeof c.address !== 'string' || !c.address)
      return `contacts[${i}] needs contact_id and address`;
    if (!isObj(c.fields)) return `contacts[${i}].fields must be an object`;
    if (c.previous_address !== undefined && typeof c.previous_address !== 'string')
      return `contacts[${i}].previous_address must be a string`;
  }
  return b as unknown as SyncBatch;
}

/** Applies a batch to the lists (all but the `refused` contact ids). */
export function applySyncBatch(lists: Map<string, Map<string, Record<string, unknown>>>, b: SyncBatch, refused: Set<string>): void {
  const list = lists.get(b.sync_id) ?? new Map<string, Record<string, unknown>>();
  lists.set(b.sync_id, list);
  for (const c of b.contacts) {
    if (refused.has(c.contact_id)) continue;
    if (b.operation === 'remove') list.delete(c.address);
    else {
      if (c.previous_address) list.delete(c.previous_address);
      list.set(c.address, c.fields);
    }
  }
}
