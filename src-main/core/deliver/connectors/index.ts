import { connectorConfig, type ConnectorConfig } from '../../../contract/deliver';
import { AceError } from '../../lib/errors';
import { urlCredentialProblem, type Connector } from '../connector';
import { localFailure } from '../failure';
import { createCsvConnector } from './csv';
import { createMailchimpConnector } from './mailchimp';
import { createSendGridConnector } from './sendgrid';
import { createWebhookConnector } from './webhook';

/** What a connector needs besides its saved config: its secret and the push's personalization fields. */
export interface ConnectorNeeds {
  secret: string | null;
  fields: readonly string[];
  userAgent?: string;
  /** SendGrid: the wait between polls of its import job (default 2 s). */
  pollMs?: number;
}

const SECRET_NAME: Record<ConnectorConfig['kind'], string | null> = {
  webhook: 'signing secret (whsec_...)',
  sendgrid: 'API key',
  mailchimp: 'API key',
  csv: null,
};

/** The config's address, if it has one (webhook endpoint, SendGrid/Mailchimp base URL). */
const addressOf = (c: ConnectorConfig): string | undefined =>
  c.kind === 'webhook' ? c.endpoint : c.kind === 'csv' ? undefined : c.baseUrl;

/** Refuses a config whose address carries a credential (checked on save and again before sending). */
export function checkConnectorConfig(c: ConnectorConfig): void {
  const address = addressOf(c);
  const problem = address ? urlCredentialProblem(address) : null;
  if (problem) throw new AceError('BAD_INPUT', problem, { permanent: true, failure: localFailure('misconfigured', problem) });
}

/** Builds the connector for a saved config; says plainly when its secret is missing. */
export function createConnector(config: ConnectorConfig, needs: ConnectorNeeds): Connector {
  const c = connectorConfig.parse(config);
  checkConnectorConfig(c);
  const secretName = SECRET_NAME[c.kind];
  if (secretName && !needs.secret) {
    // Permanent until someone enters it: a push stops as failed (not "resumes automatically").
    const message = `The ${c.kind} connector has no ${secretName} here. Enter it in Deliver > Connectors (Edit), or set ACE_PUSH_SECRET for the command line.`;
    throw new AceError('BAD_INPUT', message, { permanent: true, failure: localFailure('secret_missing', message) });
  }
  switch (c.kind) {
    case 'webhook':
      return createWebhookConnector({ endpoint: c.endpoint, secret: needs.secret!, timeoutMs: c.timeoutMs, userAgent: needs.userAgent });
    case 'csv':
      return createCsvConnector({ folder: c.folder, fields: needs.fields });
    case 'sendgrid':
      return createSendGridConnector({
        apiKey: needs.secret!,
        listIds: c.listIds,
        ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        ...(needs.pollMs !== undefined ? { pollMs: needs.pollMs } : {}),
      });
    case 'mailchimp':
      return createMailchimpConnector({ apiKey: needs.secret!, listId: c.listId, ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}) });
  }
}

/** The push's target as shown in history: the endpoint, list or folder (never a secret). */
export function targetOf(c: ConnectorConfig): string {
  switch (c.kind) {
    case 'webhook':
      return c.endpoint;
    case 'sendgrid':
      return `SendGrid${c.listIds.length ? ` lists ${c.listIds.join(', ')}` : ' contacts'}`;
    case 'mailchimp':
      return `Mailchimp list ${c.listId}`;
    case 'csv':
      return c.folder;
  }
}
