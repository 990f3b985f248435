import { useState } from 'react';
import type { ConnectorInfo, PushChannel } from '../../../src-main/contract/deliver';
import type { SegmentInfo } from '../../../src-main/contract/segments';
import type { SyncMode } from '../../../src-main/contract/sync';
import { mutate } from '../../lib/query';

/** A new audience sync: its list's name, segment, service, channel, mode, guard and schedule. */
export function NewSync({
  segments,
  connectors,
  onSaved,
  onError,
}: {
  segments: SegmentInfo[];
  connectors: ConnectorInfo[];
  onSaved: () => void;
  onError: (m: string | null) => void;
}) {
  const [name, setName] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [connectorId, setConnectorId] = useState('');
  const [channel, setChannel] = useState<PushChannel>('email');
  const [mode, setMode] = useState<SyncMode>('mirror');
  const [guard, setGuard] = useState('10');
  const [every, setEvery] = useState('');
  const save = async () => {
    onError(null);
    const g = Number(guard);
    if (!(guard.trim() !== '' && g >= 0 && g <= 100)) return onError('Guard: a percentage from 0 to 100.');
    const h = every.trim() ? Number(every) : null;
    if (h !== null && !(Number.isInteger(h) && h >= 1 && h <= 2160))
      return onError('Every (hours): a whole number of hours (1 to 2160), or leave it empty to sync when asked.');
    try {
      await mutate('sync.save', {
        name,
        segmentId: segmentId || segments[0]!.segmentId,
        connectorId: connectorId || connectors[0]!.connectorId,
        channel,
        fields: ['first_name'],
        mode,
        guardPct: g,
        everyHours: h,
      });
      setName('');
      onSaved();
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <div className="inline-form" role="group" aria-label="New sync">
      <label>
        List name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring newsletter" />
      </label>
      <label>
        Segment
        <select value={segmentId || segments[0]!.segmentId} onChange={(e) => setSegmentId(e.target.value)}>
          {segments.map((s) => (
            <option key={s.segmentId} value={s.segmentId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Service
        <select value={connectorId || connectors[0]!.connectorId} onChange={(e) => setConnectorId(e.target.value)}>
          {connectors.map((c) => (
            <option key={c.connectorId} value={c.connectorId}>
              {c.name}
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
        Mode
        <select value={mode} onChange={(e) => setMode(e.target.value as SyncMode)}>
          <option value="mirror">Mirror (also remove)</option>
          <option value="upsert">Upsert (never remove)</option>
        </select>
      </label>
      <label title="A run that would remove more than this share of the list asks first (a broken import must not empty it)">
        Guard (%)
        <input value={guard} onChange={(e) => setGuard(e.target.value)} inputMode="decimal" size={4} />
      </label>
      <label title="Runs by itself while the app or ace serve runs; empty: only when you press Sync now">
        Every (hours)
        <input value={every} onChange={(e) => setEvery(e.target.value)} inputMode="numeric" size={4} placeholder="asked" />
      </label>
      <button onClick={() => void save()}>Add sync</button>
    </div>
  );
}
