import { useEffect, useMemo, useState } from 'react';
import {
  EXCLUSION_REASONS,
  PUSH_FIELDS,
  type ConnectorInfo,
  type PushChannel,
  type PushField,
  type PushPreview,
} from '../../../src-main/contract/deliver';
import type { MessageOutputs } from '../../../src-main/contract/messages';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import { api } from '../../api/client';
import { useConfirm } from '../../components/ConfirmDialog';
import { fmtCount } from '../../format';
import { mutate } from '../../lib/query';
import { EXCLUSION_LABELS, FIELD_LABELS, KIND_LABELS, targetOf } from './labels';

/** Choose, preview, confirm: nothing is sent before the person has seen who gets it, who not and why. */
export function NewPush({
  segments,
  connectors,
  templates,
  onStarted,
}: {
  segments: SegmentInfo[];
  connectors: ConnectorInfo[];
  templates: MessageOutputs['messages.list'];
  onStarted: () => void;
}) {
  const [segmentId, setSegmentId] = useState('');
  const [channel, setChannel] = useState<PushChannel>('email');
  const [connectorId, setConnectorId] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [fields, setFields] = useState<PushField[]>(['first_name']);
  /** Percent of the people who may be messaged held out to measure the lift (0: none). */
  const [holdoutPct, setHoldoutPct] = useState(0);
  const [preview, setPreview] = useState<{ key: string; value: PushPreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();

  const seg = segmentId || segments[0]?.segmentId || '';
  const con = connectorId || connectors[0]?.connectorId || '';
  const input = useMemo(
    () => ({
      segmentId: seg,
      channel,
      fields,
      connectorId: con,
      ...(templateId ? { templateId } : {}),
      ...(holdoutPct > 0 ? { holdout: { share: holdoutPct / 100 } } : {}),
    }),
    [seg, channel, fields, con, templateId, holdoutPct],
  );
  const key = JSON.stringify(input);
  const current = preview?.key === key ? preview.value : null;
  useEffect(() => setStatus(null), [key]);

  const doPreview = async () => {
    setError(null);
    setBusy(true);
    try {
      setPreview({ key, value: await api.call('push.preview', input) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const send = async (dryRun: boolean) => {
    if (!current) return;
    const connector = connectors.find((c) => c.connectorId === con);
    const template = templates.find((t) => t.templateId === templateId);
    const excluded = Object.values(current.excluded).reduce((a, b) => a + b, 0);
    const by = channel === 'email' ? 'email' : 'SMS';
    if (
      !dryRun &&
      !(await confirm({
        title: `Send “${current.segment.name}” by ${by}?`,
        body: (
          <dl data-testid="confirm-push">
            <dt>People to send</dt>
            <dd data-testid="confirm-reachable">{fmtCount(current.reachable)}</dd>
            {current.heldOut > 0 && (
              <>
                <dt>Held out</dt>
                <dd data-testid="confirm-held-out">{fmtCount(current.heldOut)} (sent nothing, to measure the lift)</dd>
              </>
            )}
            <dt>Left out</dt>
            <dd data-testid="confirm-excluded">
              {fmtCount(excluded)} of {fmtCount(current.people)} in the segment
            </dd>
            <dt>Channel</dt>
            <dd data-testid="confirm-channel">{channel === 'email' ? 'Email' : 'SMS'}</dd>
            <dt>Service</dt>
            <dd data-testid="confirm-service">
              {connector ? `${connector.name} (${KIND_LABELS[connector.config.kind]}, ${targetOf(connector.config)})` : 'the connector'}
            </dd>
            <dt>Message</dt>
            <dd data-testid="confirm-message">{template ? template.name : 'None: the service sends its own'}</dd>
            <dt>Requests</dt>
            <dd>
              {fmtCount(current.batches)} of up to {fmtCount(current.batchSize)} contacts
            </dd>
          </dl>
        ),
        confirmLabel: `Send to ${fmtCount(current.reachable)} ${current.reachable === 1 ? 'person' : 'people'}`,
      }))
    )
      return;
    setError(null);
    try {
      const info = await mutate('push.start', { ...input, dryRun });
      setStatus(
        dryRun
          ? `Dry run recorded: ${fmtCount(info.counts.planned)} contacts planned, nothing sent.`
          : `Push started for ${fmtCount(info.counts.planned)} people: follow it in the history below.`,
      );
      setPreview(null);
      onStarted();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (segments.length === 0)
    return (
      <section className="card" aria-label="New push">
        <h2>New push</h2>
        <p className="muted">Save a segment first (Segments screen).</p>
      </section>
    );
  return (
    <section className="card" aria-label="New push">
      <h2>New push</h2>
      <div className="inline-form">
        <label>
          Segment
          <select value={seg} onChange={(e) => setSegmentId(e.target.value)}>
            {segments.map((s) => (
              <option key={s.segmentId} value={s.segmentId}>
                {s.name} (v{s.version})
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select value={channel} onChange={(e) => setChannel(e.target.value as PushChannel)}>
            <option value="email">Email</option>
            <option value="sms">SMS</option>
          </select>
        </label>
        <label>
          Send with
          <select value={con} onChange={(e) => setConnectorId(e.target.value)}>
            {connectors.length === 0 && <option value="">Add a connector first</option>}
            {connectors.map((c) => (
              <option key={c.connectorId} value={c.connectorId}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Message
          <select value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">None (the service has its own)</option>
            {templates.map((t) => (
              <option key={t.templateId} value={t.templateId}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label title="A share of the people who may be messaged is sent nothing; Results compares them with the recipients">
          Hold out
          <select value={holdoutPct} onChange={(e) => setHoldoutPct(Number(e.target.value))} aria-label="Hold out">
            {[0, 5, 10, 20, 30, 50].map((p) => (
              <option key={p} value={p}>
                {p === 0 ? 'Nobody' : `${p}% to measure lift`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="dl-fields">
        <legend className="small">Fields sent with each contact</legend>
        {PUSH_FIELDS.map((f) => (
          <label key={f} className="checkbox">
            <input
              type="checkbox"
              checked={fields.includes(f)}
              onChange={(e) => setFields((fs) => (e.target.checked ? [...fs, f] : fs.filter((x) => x !== f)))}
            />{' '}
            {FIELD_LABELS[f]}
          </label>
        ))}
      </fieldset>
      <div className="inline-form">
        <button onClick={() => void doPreview()} disabled={busy || !con}>
          Preview
        </button>
        <button
          onClick={() => void send(false)}
          disabled={!current || current.reachable === 0}
          title={current ? undefined : 'Preview first'}
        >
          Send…
        </button>
        <button className="ghost" onClick={() => void send(true)} disabled={!current}>
          Dry run
        </button>
      </div>
      {current && (
        <div className="dl-preview" data-testid="push-preview">
          <div className="kpis">
            <div className="kpi">
              <div className="kpi-label">In the segment</div>
              <div className="kpi-value" data-testid="preview-people">
                {fmtCount(current.people)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Will receive it</div>
              <div className="kpi-value" data-testid="preview-reachable">
                {fmtCount(current.reachable)}
              </div>
            </div>
            {current.heldOut > 0 && (
              <div className="kpi">
                <div className="kpi-label">Held out</div>
                <div className="kpi-value" data-testid="preview-held-out">
                  {fmtCount(current.heldOut)}
                </div>
              </div>
            )}
            <div className="kpi">
              <div className="kpi-label">Requests</div>
              <div className="kpi-value">
                {fmtCount(current.batches)} <span className="small muted">of up to {fmtCount(current.batchSize)}</span>
              </div>
            </div>
          </div>
          <table className="table" aria-label="Left out">
            <tbody>
              {EXCLUSION_REASONS.map((r) => (
                <tr key={r} data-reason={r}>
                  <td>{EXCLUSION_LABELS[r]}</td>
                  <td className="num">{fmtCount(current.excluded[r])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary className="small">The first request, as it will be sent</summary>
            <pre className="dl-payload">{JSON.stringify(current.samplePayload, null, 2)}</pre>
          </details>
        </div>
      )}
      {status && (
        <p className="small" role="status">
          {status}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {confirmDialog}
    </section>
  );
}
