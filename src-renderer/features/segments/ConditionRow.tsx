import type { SegmentCondition } from '../../../src-main/contract/segments';
import { CONDITION_TYPES } from './model';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** One condition: its type and the inputs that fit it. Values are typed as comma-separated text. */
export function ConditionRow({ cond, negate, onChange, onNegate, onRemove, index }: {
  cond: SegmentCondition;
  negate: boolean;
  index: number;
  onChange: (c: SegmentCondition) => void;
  onNegate: (n: boolean) => void;
  onRemove: () => void;
}) {
  const label = (what: string) => `Condition ${index + 1}: ${what}`;
  return (
    <li className="sg-cond" data-testid="segment-condition">
      <label className="small">
        <input type="checkbox" checked={negate} onChange={(e) => onNegate(e.target.checked)} aria-label={label('not')} /> not
      </label>
      <select aria-label={label('type')} value={cond.type} onChange={(e) => onChange(CONDITION_TYPES.find((t) => t.type === e.target.value)!.make())}>
        {CONDITION_TYPES.map((t) => (
          <option key={t.type} value={t.type}>
            {t.label}
          </option>
        ))}
      </select>
      {(cond.type === 'response' || cond.type === 'answer') && (
        <>
          <select aria-label={label('field')} value={cond.field} onChange={(e) => onChange({ ...cond, field: e.target.value } as SegmentCondition)}>
            {(cond.type === 'response' ? ['channel', 'keyword', 'media_buy', 'media_type'] : ['zip', 'zip3', 'state', 'market', 'product_affinity', 'purchase_timeframe']).map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
          <input aria-label={label('values (comma-separated)')} defaultValue={cond.values.join(', ')} onBlur={(e) => list(e.target.value).length && onChange({ ...cond, values: list(e.target.value) } as SegmentCondition)} />
        </>
      )}
      {cond.type === 'number' && (
        <>
          <select aria-label={label('field')} value={cond.field} onChange={(e) => onChange({ ...cond, field: e.target.value as typeof cond.field })}>
            {['entries', 'redemptions', 'redemption_amount', 'age'].map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
          <input aria-label={label('at least')} type="number" placeholder="min" defaultValue={cond.min ?? ''} onBlur={(e) => onChange({ ...cond, min: num(e.target.value) })} />
          <input aria-label={label('at most')} type="number" placeholder="max" defaultValue={cond.max ?? ''} onBlur={(e) => onChange({ ...cond, max: num(e.target.value) })} />
        </>
      )}
      {cond.type === 'entered' && (
        <>
          <select aria-label={label('which entry')} value={cond.first ? 'first' : 'last'} onChange={(e) => onChange({ ...cond, first: e.target.value === 'first' })}>
            <option value="first">first entry</option>
            <option value="last">last entry</option>
          </select>
          <input aria-label={label('from')} type="date" value={cond.from ?? ''} onChange={(e) => onChange({ ...cond, from: e.target.value || null })} />
          <input aria-label={label('to')} type="date" value={cond.to ?? ''} onChange={(e) => onChange({ ...cond, to: e.target.value || null })} />
        </>
      )}
      {cond.type === 'redeemed' && (
        <select aria-label={label('redeemed')} value={cond.value ? 'yes' : 'no'} onChange={(e) => onChange({ ...cond, value: e.target.value === 'yes' })}>
          <option value="yes">redeemed</option>
          <option value="no">never redeemed</option>
        </select>
      )}
      {cond.type === 'not_redeemed_within' && (
        <input aria-label={label('days')} type="number" min={1} max={365} defaultValue={cond.days} onBlur={(e) => onChange({ ...cond, days: Math.max(1, Math.min(365, Number(e.target.value) || 14)) })} />
      )}
      {cond.type === 'near' && (
        <>
          <input aria-label={label('miles')} type="number" min={1} max={500} defaultValue={cond.miles} onBlur={(e) => onChange({ ...cond, miles: Math.max(1, Number(e.target.value) || 10) })} />
          <span className="small muted">miles of zip</span>
          <input aria-label={label('zip')} defaultValue={cond.zip ?? ''} onBlur={(e) => /^\d{5}$/.test(e.target.value) && onChange({ type: 'near', zip: e.target.value, miles: cond.miles })} />
          <span className="small muted">or store</span>
          <input aria-label={label('store')} defaultValue={cond.store ?? ''} onBlur={(e) => e.target.value.trim() && onChange({ type: 'near', store: e.target.value.trim(), miles: cond.miles })} />
        </>
      )}
      {cond.type === 'reachable' && (
        <select aria-label={label('channel')} value={cond.channel} onChange={(e) => onChange({ ...cond, channel: e.target.value as 'email' | 'sms' })}>
          <option value="email">by email</option>
          <option value="sms">by SMS</option>
        </select>
      )}
      <button type="button" className="ghost" onClick={onRemove} aria-label={label('remove')}>
        ×
      </button>
    </li>
  );
}
