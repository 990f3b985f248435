import type { ConnectorConfig } from '../../contract/deliver';
import type { SyncOp } from '../../contract/sync';
import { leavingAddresses, type SyncBatchContext, type SyncContact } from '../deliver/connector';
import { syncBody } from '../deliver/connectors/webhook';
import { sendGridBody } from '../deliver/connectors/sendgrid';
import { mailchimpBody } from '../deliver/connectors/mailchimp';

/**
 * The first request of a run as the service will get it (the preview shows it before anything is sent), with
 * the sample contacts: the signed webhook's JSON; SendGrid's upsert, or for a removal its search by email; the
 * Mailchimp batch subscribe, or for a removal the tag's members_to_remove; the CSV drop's file and columns.
 */
export function firstRequest(
  config: ConnectorConfig,
  op: SyncOp,
  contacts: SyncContact[],
  ctx: Omit<SyncBatchContext, 'signal' | 'op'>,
  fields: readonly string[],
): unknown {
  const emails = leavingAddresses(contacts, op);
  const push = contacts.map((c) => ({ contactId: c.contactId, address: c.address, fields: c.fields }));
  switch (config.kind) {
    case 'webhook':
      return JSON.parse(syncBody(contacts, { ...ctx, op }));
    case 'csv': {
      const col = ctx.channel === 'email' ? 'email' : 'phone';
      return {
        file: `${ctx.idempotencyKey}-${op}.csv`,
        columns: ['contact_id', col, ...(op === 'update' ? [`previous_${col}`] : []), ...(op === 'remove' ? [] : fields)],
      };
    }
    case 'sendgrid':
      return op === 'remove' || emails.length
        ? {
            method: 'POST',
            path: '/v3/marketing/contacts/search/emails',
            body: { emails },
            then: `DELETE /v3/marketing/lists/{${config.listIds.join(', ')}}/contacts?contact_ids=…`,
          }
        : { method: 'PUT', path: '/v3/marketing/contacts', body: JSON.parse(sendGridBody(push, config.listIds)) };
    case 'mailchimp':
      return op === 'remove' || emails.length
        ? { method: 'POST', path: `/3.0/lists/${config.listId}/segments/{tag "${ctx.list}"}`, body: { members_to_remove: emails } }
        : {
            method: 'POST',
            path: `/3.0/lists/${config.listId}`,
            body: JSON.parse(mailchimpBody(push)),
            then: `members_to_add on the tag "${ctx.list}"`,
          };
  }
}
