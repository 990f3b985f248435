import { randomBytes } from 'node:crypto';
import { checkLease, LEASE_RENEW_MS, releaseLease, takeLease } from './lease';
import {
  connectorConfig,
  type ConnectionTest,
  type ConnectorConfig,
  type ConnectorInfo,
  type PushChannel,
  type PushField,
  type PushInfo,
  type PushFailure,
  type PushPreview,
} from '../../contract/deliver';
import type { DbClient } from '../db/client';
import { AceError, isAceError } from '../lib/errors';
import type { EventBus } from '../lib/events';
import { checkConnectorConfig, createConnector, targetOf } from './connectors';
import type { Connector } from './connector';
import { pushInfo, unfinishedPushes } from './history';
import { CLI_CONNECTOR, type PushRequest } from './request';
import { markLostRuns } from './schedule';
import { getTemplate, personFieldsOf } from '../messages/store';
import { channelMessage } from '../messages/template';
import { audienceSql, type PushAudience } from './eligible';
import { resolveSegment } from '../segments/resolve';
import { planPush, previewPush, type PlanTarget } from './plan';
import { getCap } from './cap';
import { Params } from '../lib/params';
import type { SecretStore } from './secrets';
import { runPush, setFailure, type RetryPolicy } from './send';
import { blocksSending } from './failure';
import { testConnector } from './test-connection';
import { mergeSql } from '../lib/merge';

export interface DeliverOptions {
  retry?: RetryPolicy;
  userAgent?: string;
  /** Smaller batches than the service allows (tests, slow services). */
  maxBatch?: number;
  /** How long to wait between polls of a SendGrid import job (default 2 s; tests against its contract server, which finishes a job at once). */
  sendGridPollMs?: number;
}

export { CLI_CONNECTOR, type PushRequest } from './request';

/**
 * Deliver for one open workspace: saved connectors, planning and sending pushes in the background,
 * resuming the ones a crash left, cancelling. Sending is one push at a time per workspace, in order.
 */
export class DeliverService {
  /**
   * Pushes being sent. `settled` also covers the bookkeeping after the send (recording a failure,
   * the finished event, leaving this map): waiting on `done` alone would spin in microtasks while that
   * bookkeeping waits on the database, and never let it run.
   */
  private readonly running = new Map<
    string,
    { controller: AbortController; done: Promise<unknown>; settled: Promise<unknown>; cancelled: boolean }
  >();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DbClient,
    private readonly secrets: SecretStore,
    private readonly events: EventBus,
    private readonly opts: DeliverOptions = {},
  ) {}

  async listConnectors(): Promise<ConnectorInfo[]> {
    const rows = await this.db.rows<{ connector_id: string; name: string; config: string }>(
      `SELECT connector_id, name, config::VARCHAR AS config FROM connectors ORDER BY lower(name), connector_id`,
    );
    return rows.map((r) => this.info(r.connector_id, r.name, connectorConfig.parse(JSON.parse(r.config))));
  }

  private info(connectorId: string, name: string, config: ConnectorConfig): ConnectorInfo {
    const s = config.kind === 'csv' ? null : this.secrets.get(connectorId);
    return { connectorId, name, config, hasSecret: config.kind === 'csv' || !!s, secretSource: s?.source ?? 'none' };
  }

  async saveConnector(input: { connectorId?: string; name: string; config: ConnectorConfig; secret?: string }): Promise<ConnectorInfo> {
    const id = input.connectorId ?? `con_${randomBytes(6).toString('hex')}`;
    checkConnectorConfig(connectorConfig.parse(input.config));
    if (input.config.kind === 'webhook' && input.secret && !/^whsec_[A-Za-z0-9+/=]{16,}$/.test(input.secret)) {
      throw new AceError(
        'BAD_INPUT',
        'A signing secret looks like whsec_ followed by base64 text (Standard Webhooks). Copy it from the sending service.',
      );
    }
    await this.db.write((w) =>
      w.run(mergeSql('connectors', ['connector_id'], [{ connector_id: '$1', kind: '$2', name: '$3', config: '$4' }]), [
        id,
        input.config.kind,
        input.name,
        JSON.stringify(input.config),
      ]),
    );
    if (input.secret) this.secrets.set(id, input.secret);
    return this.info(id, input.name, input.config);
  }

  async deleteConnector(connectorId: string): Promise<boolean> {
    const [r] = await this.db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM connectors WHERE connector_id = $1`, [connectorId]);
    await this.db.write((w) => w.run(`DELETE FROM connectors WHERE connector_id = $1`, [connectorId]));
    this.secrets.delete(connectorId);
    return Number(r!.n) > 0;
  }

  private async configOf(connectorId: string | undefined, inline?: ConnectorConfig): Promise<{ id: string; config: ConnectorConfig }> {
    if (inline) return { id: connectorId ?? CLI_CONNECTOR, config: connectorConfig.parse(inline) };
    if (!connectorId) throw new AceError('BAD_INPUT', 'Choose a connector to send with.');
    const [r] = await this.db.rows<{ config: string }>(`SELECT config::VARCHAR AS config FROM connectors WHERE connector_id = $1`, [
      connectorId,
    ]);
    if (!r) throw new AceError('NOT_FOUND', `There is no connector ${connectorId}. Add one in Deliver > Connectors.`);
    return { id: connectorId, config: connectorConfig.parse(JSON.parse(r.config)) };
  }

  private batchSize(config: ConnectorConfig, fields: readonly string[]): number {
    // The connector's documented limit; built without its secret just to ask.
    const probe = createConnector(config, { secret: 'whsec_cHJvYmVwcm9iZXByb2JlcHJvYmU=', fields });
    return Math.min(probe.maxBatch, this.opts.maxBatch ?? Infinity);
  }

  async preview(req: PushRequest): Promise<PushPreview> {
    const segment = await resolveSegment(this.db, req.segment, req.version);
    let batchSize = 1000;
    if (req.connectorId || req.config) {
      const { id, config } = await this.configOf(req.connectorId, req.config);
      // A saved connector is checked before anything is counted: a missing secret or an address that
      // cannot be reached is said now, not after Send. (An inline one is the CLI's dry run: no secret yet.)
      if (!req.config) await this.checkBeforeSending(id, config);
      batchSize = this.batchSize(config, req.fields);
    }
    return previewPush(this.db, await this.target(segment, req, batchSize));
  }

  private async target(segment: Awaited<ReturnType<typeof resolveSegment>>, req: PushRequest, batchSize: number): Promise<PlanTarget> {
    let fields = req.fields;
    let template: PlanTarget['template'];
    if (req.templateId) {
      const t = await getTemplate(this.db, req.templateId);
      if ((req.channel === 'email' && !t.email) || (req.channel === 'sms' && !t.sms)) {
        throw new AceError(
          'BAD_INPUT',
          `The template "${t.name}" has no ${req.channel === 'email' ? 'email' : 'SMS'} version. Write one, or choose another template.`,
        );
      }
      // The fields its merge fields name travel with each contact.
      fields = [...new Set([...req.fields, ...personFieldsOf(t)])];
      template = { id: t.templateId, name: t.name, render: (f) => channelMessage(t, req.channel, f) };
    }
    const holdout = req.holdout ? { share: req.holdout.share, seed: req.holdout.seed ?? randomBytes(8).toString('hex') } : undefined;
    const cap = await getCap(this.db);
    return { segment, channel: req.channel, fields, batchSize, audience: req.audience, exclude: req.exclude, template, holdout, cap };
  }

  /** Plans the push (nothing sent yet) and, unless a dry run, starts sending it in the background. */
  async start(req: PushRequest): Promise<PushInfo> {
    const segment = await resolveSegment(this.db, req.segment, req.version);
    const { id, config } = await this.configOf(req.connectorId, req.config);
    // Fail before planning when the secret is missing, or (for a real send) the service cannot be used.
    const connector = createConnector(config, {
      secret: this.secretOf(id, config),
      fields: req.fields,
      userAgent: this.opts.userAgent,
      pollMs: this.opts.sendGridPollMs,
    });
    if (!req.dryRun) await this.checkBeforeSending(id, config);
    if (!connector.channels.includes(req.channel))
      throw new AceError(
        'BAD_INPUT',
        `The ${config.kind} connector cannot send ${req.channel}: choose ${connector.channels.join(' or ')}.`,
      );
    const target = await this.target(segment, req, Math.min(connector.maxBatch, this.opts.maxBatch ?? Infinity));
    const pushId = await planPush(this.db, target, {
      connectorId: id,
      kind: config.kind,
      target: targetOf(config),
      dryRun: !!req.dryRun,
      retryOf: req.retryOf,
      scheduleId: req.scheduleId,
    });
    await this.db.write((w) =>
      w.run(`UPDATE pushes SET summary = json_merge_patch(summary, $2) WHERE push_id = $1`, [pushId, JSON.stringify({ config })]),
    );
    if (!req.dryRun) this.send(pushId);
    return pushInfo(this.db, pushId);
  }

  /**
   * One harmless request before planning: bad credentials, a wrong address or an unreachable service
   * stop here with the fix, and nothing is planned. A refusal of the ping itself (a receiver without
   * ping support answering 400) or a busy service does not stop a push: its batches may still go.
   */
  private async checkBeforeSending(connectorId: string, config: ConnectorConfig): Promise<void> {
    const t = await this.testConnection({ connectorId, config });
    if (t.failure && blocksSending(t.failure)) throw new AceError('BAD_INPUT', `Nothing was planned. ${t.message}`, { failure: t.failure });
  }

  /** Test connection: a saved connector, or the form's values (the secret typed in, else the saved one). */
  async testConnection(input: { connectorId?: string; config?: ConnectorConfig; secret?: string }): Promise<ConnectionTest> {
    if (!input.connectorId && !input.config) throw new AceError('BAD_INPUT', 'Choose a connector to test.');
    const { id, config } = input.config
      ? { id: input.connectorId ?? CLI_CONNECTOR, config: connectorConfig.parse(input.config) }
      : await this.configOf(input.connectorId);
    return testConnector(config, input.secret ?? this.secretOf(id, config), this.opts.userAgent);
  }

  /** The retry policy and batch limit pushes are sent with (an audience sync's runs use the same). */
  get sendOptions(): { retry?: RetryPolicy; maxBatch?: number } {
    return { retry: this.opts.retry, maxBatch: this.opts.maxBatch };
  }

  /** A saved connector ready to send with (audience sync: core/sync), its secret from the keychain; and its config. */
  async savedConnector(connectorId: string, fields: readonly string[]): Promise<{ connector: Connector; config: ConnectorConfig }> {
    const { id, config } = await this.configOf(connectorId);
    return {
      connector: createConnector(config, {
        secret: this.secretOf(id, config),
        fields,
        userAgent: this.opts.userAgent,
        pollMs: this.opts.sendGridPollMs,
      }),
      config,
    };
  }

  private secretOf(connectorId: string, config: ConnectorConfig): string | null {
    return config.kind === 'csv' ? null : (this.secrets.get(connectorId)?.secret ?? null);
  }

  /** The connector a planned push sends with: its saved connector, else the config it was planned with. */
  private async connectorFor(pushId: string) {
    const [p] = await this.db.rows<{ connector_id: string | null; fields: string; summary: string }>(
      `SELECT connector_id, fields::VARCHAR AS fields, summary::VARCHAR AS summary FROM pushes WHERE push_id = $1`,
      [pushId],
    );
    if (!p) throw new AceError('NOT_FOUND', `There is no push ${pushId}.`);
    const saved =
      p.connector_id && p.connector_id !== CLI_CONNECTOR
        ? await this.db.rows<{ config: string }>(`SELECT config::VARCHAR AS config FROM connectors WHERE connector_id = $1`, [
            p.connector_id,
          ])
        : [];
    const config = connectorConfig.parse(saved[0] ? JSON.parse(saved[0].config) : (JSON.parse(p.summary) as { config: unknown }).config);
    const id = p.connector_id ?? CLI_CONNECTOR;
    return createConnector(config, {
      secret: this.secretOf(id, config),
      fields: JSON.parse(p.fields) as string[],
      userAgent: this.opts.userAgent,
      pollMs: this.opts.sendGridPollMs,
    });
  }

  /** Sends (or resumes) a push in the background; pushes queue one after another. */
  send(pushId: string): Promise<PushInfo> {
    const existing = this.running.get(pushId);
    if (existing) return existing.done as Promise<PushInfo>;
    const controller = new AbortController();
    const taskId = `push-${pushId}`;
    const entry = {
      controller,
      cancelled: false,
      done: Promise.resolve() as Promise<unknown>,
      settled: Promise.resolve() as Promise<unknown>,
    };
    const done = this.chain.then(async () => {
      // One program sends a push at a time (a shared lake): the lease first, before anything is recorded.
      await takeLease(this.db, pushId);
      const renew = setInterval(() => void takeLease(this.db, pushId).catch(() => controller.abort()), LEASE_RENEW_MS);
      renew.unref();
      try {
        return await this.sendHeld(pushId, taskId, controller);
      } finally {
        clearInterval(renew);
        await releaseLease(this.db, pushId);
      }
    });
    entry.done = done;
    this.running.set(pushId, entry);
    this.chain = done.catch(() => undefined);
    entry.settled = done
      .then(
        (info) =>
          this.events.emit('task.finished', {
            taskId,
            ok: info.status === 'done',
            message: `Push ${pushId}: ${info.status.replace(/_/g, ' ')}`,
          }),
        async (e: unknown) => {
          // Another program is sending it: nothing here to record, and its status is theirs to keep.
          if (isAceError(e) && e.code === 'PUSH_BUSY') {
            this.events.emit('task.finished', { taskId, ok: false, message: e.message });
            return;
          }
          if (entry.cancelled)
            await this.db
              .write((w) => w.run(`UPDATE pushes SET status = 'cancelled', finished_at = current_timestamp WHERE push_id = $1`, [pushId]))
              .catch(() => undefined);
          else
            await this.db
              .write((w) =>
                w.run(`UPDATE pushes SET status = 'interrupted', last_error = $2 WHERE push_id = $1 AND status IN ('planned', 'sending')`, [
                  pushId,
                  (e as Error).message,
                ]),
              )
              .catch(() => undefined);
          this.events.emit('task.finished', {
            taskId,
            ok: false,
            message: entry.cancelled ? `Push ${pushId} cancelled; what was sent stays sent.` : (e as Error).message,
          });
        },
      )
      .finally(() => this.running.delete(pushId));
    return done;
  }

  /** Sends a push whose lease this program holds: its connector, then its batches (core/deliver/send.ts). */
  private async sendHeld(pushId: string, taskId: string, controller: AbortController): Promise<PushInfo> {
    const connector = await this.connectorFor(pushId).catch(async (e: unknown) => {
      // A connector that can never send as saved (a credential in its URL): the push fails with the
      // reason instead of being left "interrupted" and retried at every start.
      const details = isAceError(e) ? (e.details as { permanent?: boolean; failure?: PushFailure } | undefined) : undefined;
      if (isAceError(e) && details?.permanent) {
        await this.db.write((w) =>
          w.run(
            `UPDATE pushes SET status = 'failed', last_error = $2, finished_at = current_timestamp WHERE push_id = $1 AND status IN ('planned', 'sending', 'interrupted')`,
            [pushId, e.message],
          ),
        );
        if (details.failure) await setFailure(this.db, pushId, details.failure);
      }
      throw e;
    });
    return runPush(this.db, pushId, connector, {
      retry: this.opts.retry,
      signal: controller.signal,
      onProgress: (p) =>
        this.events.emit('task.progress', {
          taskId,
          label: `Sending push ${pushId}: batch ${p.batchesDone} of ${p.batches}`,
          done: p.batchesDone,
          total: p.batches,
          rows: p.contactsDone,
          cancellable: true,
        }),
    });
  }

  /** Resumes one push: where it stopped, never re-sending a batch that was recorded as sent. */
  async resume(pushId: string): Promise<PushInfo> {
    const info = await pushInfo(this.db, pushId);
    if (info.dryRun) throw new AceError('BAD_INPUT', `Push ${pushId} was a dry run: start a new push to send.`);
    if (info.status === 'done' || info.status === 'done_with_failures') return info;
    await checkLease(this.db, pushId);
    if (info.status === 'cancelled')
      await this.db.write((w) => w.run(`UPDATE pushes SET status = 'interrupted', finished_at = NULL WHERE push_id = $1`, [pushId]));
    void this.send(pushId).catch(() => undefined);
    return pushInfo(this.db, pushId);
  }

  /**
   * Every push a crash, a kill or going offline left unfinished (at open, and `ace push --resume`).
   * Each push's own failure is recorded on it (status and last error) and announced by `send`.
   */
  async resumeAll(): Promise<string[]> {
    await markLostRuns(this.db).catch((e: unknown) =>
      this.reportBackgroundFailure('schedules', `Schedule history could not be checked: ${(e as Error).message}`),
    );
    const ids = await unfinishedPushes(this.db);
    for (const id of ids) void this.send(id).catch(() => undefined);
    return ids;
  }

  /**
   * Work nobody is waiting on (schedules, resumes) that failed: announced as a finished task with its
   * reason, which the app shows; the reason is also recorded where it happened (push, schedule run).
   */
  reportBackgroundFailure(taskId: string, message: string): void {
    this.events.emit('task.finished', { taskId, ok: false, message });
  }

  cancel(pushId: string): boolean {
    const r = this.running.get(pushId);
    if (!r) return false;
    r.cancelled = true;
    r.controller.abort();
    return true;
  }

  /** Waits for every push queued so far (the CLI, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.settled));
  }

  /** Stops sending (the app is closing): unfinished pushes resume at the next start. */
  async stop(): Promise<void> {
    for (const r of this.running.values()) r.controller.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.settled));
  }

  async retryFailed(pushId: string): Promise<PushInfo> {
    const [p] = await this.db.rows<{
      segment_id: string;
      segment_version: number;
      channel: PushChannel;
      connector_id: string | null;
      fields: string;
      summary: string;
    }>(
      `SELECT segment_id, segment_version, channel, connector_id, fields::VARCHAR AS fields, summary::VARCHAR AS summary FROM pushes WHERE push_id = $1`,
      [pushId],
    );
    if (!p) throw new AceError('NOT_FOUND', `There is no push ${pushId}.`);
    // Those a retry of this push has since delivered are not sent again.
    const audience: PushAudience = { kind: 'retry_of', pushId };
    const params = new Params();
    const [n] = await this.db.rows<{ n: unknown }>(`SELECT count(*) AS n FROM (${audienceSql(audience, params, 'true')})`, params.values);
    if (Number(n!.n) === 0) throw new AceError('BAD_INPUT', `Push ${pushId} has no failed or rejected contacts left to retry.`);
    const saved = p.connector_id && p.connector_id !== CLI_CONNECTOR;
    // Only those people, and only if they may still be messaged (consent is checked again).
    return this.start({
      segment: p.segment_id,
      version: Number(p.segment_version),
      channel: p.channel,
      fields: JSON.parse(p.fields) as PushField[],
      ...(saved ? { connectorId: p.connector_id! } : { config: (JSON.parse(p.summary) as { config: ConnectorConfig }).config }),
      retryOf: pushId,
      audience,
    });
  }
}
