/**
 * Known JSON reports whose rows are nested inside one document, flattened to one record per row. The one we
 * read: Mailchimp's email activity report (`GET /3.0/reports/{campaign_id}/email-activity`, saved as a file):
 * `{"emails": [{"email_address", "campaign_id", "list_id", "activity": [{"action", "timestamp", "ip", "url",
 * "type"}]}], "campaign_id", "total_items"}` (docs/research/message-outcomes.md 2a: the shape is confirmed by
 * the endpoint's page and a captured response). Each activity of each recipient becomes a record; recipients
 * with an empty activity list (they did nothing) have no event to import and are counted apart.
 */
export interface FlatReport {
  label: string;
  records: Record<string, unknown>[];
  /** Recipients with no activity: nothing to import for them. */
  withoutActivity: number;
}

/** The largest report read whole (a report page holds at most 1,000 recipients; several pages can be joined). */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function flattenReport(doc: unknown): FlatReport | null {
  if (!isObject(doc) || !Array.isArray(doc.emails)) return null;
  const emails = doc.emails;
  if (!emails.length || !emails.every((e) => isObject(e) && typeof e.email_address === 'string' && Array.isArray(e.activity))) return null;
  const records: Record<string, unknown>[] = [];
  let withoutActivity = 0;
  for (const e of emails as Record<string, unknown>[]) {
    const activity = e.activity as unknown[];
    if (!activity.length) withoutActivity++;
    for (const a of activity) {
      records.push({
        email_address: e.email_address,
        campaign_id: e.campaign_id ?? doc.campaign_id ?? null,
        list_id: e.list_id ?? null,
        ...(isObject(a) ? a : { action: a }),
      });
    }
  }
  return { label: 'Mailchimp email activity report', records, withoutActivity };
}
