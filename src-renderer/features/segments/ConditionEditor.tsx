import { useState } from 'react';
import type { PivotField } from '../../../src-main/contract/pivot';
import type { SegmentCondition, SegmentInfo } from '../../../src-main/contract/segments';
import { useQuery } from '../../lib/query';
import { ANSWER_FIELDS, NUMBER_FIELDS, RESPONSE_FIELDS, fieldLabel } from './model';
import { ValuePicker } from './ValuePicker';
import { RepliedEditor } from './RepliedEditor';

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** A number input that keeps what is typed (even half-typed) and reports numbers or null. */
function NumberInput({
  value,
  label,
  onChange,
  ...rest
}: {
  value: number | null;
  label: string;
  onChange: (v: number | null) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  return (
    <input
      type="number"
      inputMode="decimal"
      aria-label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(num(e.target.value));
      }}
      className="sg-num"
      {...rest}
    />
  );
}

/** The inputs that fit one condition's type. `label` names the condition for screen readers ("Condition 1.2"). */
export function ConditionEditor({
  cond,
  label,
  saved,
  customFields,
  onChange,
}: {
  cond: SegmentCondition;
  label: string;
  saved: SegmentInfo[];
  customFields: string[];
  onChange: (c: SegmentCondition) => void;
}) {
  const l = (what: string) => `${label} ${what}`;
  const stores = useQuery('geo.storeNames', cond.type === 'near' ? {} : null);
  switch (cond.type) {
    case 'response':
    case 'answer': {
      const fields: readonly string[] = cond.type === 'response' ? RESPONSE_FIELDS : [...ANSWER_FIELDS, ...customFields];
      return (
        <>
          <select
            aria-label={l('field')}
            value={cond.field}
            onChange={(e) => onChange({ ...cond, field: e.target.value, values: [] } as SegmentCondition)}
          >
            {fields.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
          <span className="muted small">is one of</span>
          <ValuePicker
            key={cond.field}
            field={cond.field as PivotField}
            label={l(fieldLabel(cond.field))}
            chosen={cond.values}
            allowEmpty={cond.type === 'answer'}
            onChange={(values) => onChange({ ...cond, values } as SegmentCondition)}
          />
        </>
      );
    }
    case 'store':
      return (
        <>
          <span className="muted small">store is one of</span>
          <ValuePicker
            field="store"
            label={l('store')}
            chosen={cond.values}
            onChange={(values) => onChange({ ...cond, values: values.filter((v): v is string => v !== null) })}
          />
        </>
      );
    case 'number':
      return (
        <>
          <select
            aria-label={l('field')}
            value={cond.field}
            onChange={(e) => onChange({ ...cond, field: e.target.value as typeof cond.field })}
          >
            {NUMBER_FIELDS.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
          <span className="muted small">from</span>
          <NumberInput label={l('at least')} placeholder="min" step="any" value={cond.min} onChange={(min) => onChange({ ...cond, min })} />
          <span className="muted small">to</span>
          <NumberInput label={l('at most')} placeholder="max" step="any" value={cond.max} onChange={(max) => onChange({ ...cond, max })} />
        </>
      );
    case 'entered':
      return (
        <>
          <select
            aria-label={l('which entry')}
            value={cond.first ? 'first' : 'last'}
            onChange={(e) => onChange({ ...cond, first: e.target.value === 'first' })}
          >
            <option value="first">first entry</option>
            <option value="last">last entry</option>
          </select>
          <span className="muted small">between</span>
          <input
            aria-label={l('from')}
            type="date"
            value={cond.from ?? ''}
            onChange={(e) => onChange({ ...cond, from: e.target.value || null })}
          />
          <span className="muted small">and</span>
          <input
            aria-label={l('to')}
            type="date"
            value={cond.to ?? ''}
            onChange={(e) => onChange({ ...cond, to: e.target.value || null })}
          />
        </>
      );
    case 'redeemed':
      return (
        <select
          aria-label={l('redeemed')}
          value={cond.value ? 'yes' : 'no'}
          onChange={(e) => onChange({ ...cond, value: e.target.value === 'yes' })}
        >
          <option value="yes">redeemed at least once</option>
          <option value="no">never redeemed</option>
        </select>
      );
    case 'not_redeemed_within':
      return (
        <>
          <span className="muted small">no redemption within</span>
          <NumberInput
            label={l('days')}
            min={1}
            max={365}
            step={1}
            value={cond.days}
            onChange={(d) => onChange({ ...cond, days: d ?? NaN })}
          />
          <span className="muted small">days of their first entry</span>
        </>
      );
    case 'near': {
      const from = cond.anyStore ? 'any' : cond.store !== undefined ? 'store' : 'zip';
      return (
        <>
          <span className="muted small">within</span>
          <NumberInput
            label={l('miles')}
            min={1}
            max={500}
            step="any"
            value={cond.miles}
            onChange={(miles) => onChange({ ...cond, miles: miles ?? NaN })}
          />
          <span className="muted small">miles of</span>
          <select
            aria-label={l('near what')}
            value={from}
            onChange={(e) =>
              onChange(
                e.target.value === 'store'
                  ? { type: 'near', miles: cond.miles, store: '' }
                  : e.target.value === 'any'
                    ? { type: 'near', miles: cond.miles, anyStore: true }
                    : { type: 'near', miles: cond.miles },
              )
            }
          >
            <option value="zip">zip</option>
            <option value="store">a store</option>
            <option value="any">any store</option>
          </select>
          {from === 'any' ? null : from === 'zip' ? (
            <input
              aria-label={l('zip')}
              className="sg-zip"
              inputMode="numeric"
              maxLength={5}
              placeholder="02134"
              value={cond.zip ?? ''}
              onChange={(e) => onChange({ type: 'near', miles: cond.miles, ...(e.target.value ? { zip: e.target.value.trim() } : {}) })}
            />
          ) : (
            <select
              aria-label={l('store')}
              value={cond.store ?? ''}
              onChange={(e) => onChange({ type: 'near', miles: cond.miles, store: e.target.value })}
            >
              <option value="">{stores.data ? 'Pick a store…' : stores.error ? 'Stores could not be listed' : 'Loading stores…'}</option>
              {(stores.data ?? []).map((s) => (
                <option key={s.storeId} value={s.storeId} disabled={!s.located}>
                  {s.name ? `${s.name} (${s.storeId})` : s.storeId}
                  {s.located ? '' : ' — no location'}
                </option>
              ))}
            </select>
          )}
        </>
      );
    }
    case 'reachable':
      return (
        <select
          aria-label={l('channel')}
          value={cond.channel}
          onChange={(e) => onChange({ ...cond, channel: e.target.value as 'email' | 'sms' })}
        >
          <option value="email">by email</option>
          <option value="sms">by SMS</option>
        </select>
      );
    case 'segment':
      return (
        <select aria-label={l('segment')} value={cond.segmentId} onChange={(e) => onChange({ ...cond, segmentId: e.target.value })}>
          <option value="">Pick a saved segment…</option>
          {saved.map((s) => (
            <option key={s.segmentId} value={s.segmentId}>
              {s.name}
            </option>
          ))}
          {cond.segmentId && !saved.some((s) => s.segmentId === cond.segmentId) && (
            <option value={cond.segmentId}>{cond.segmentId} (missing)</option>
          )}
        </select>
      );
    case 'entries':
      return (
        <span className="small">
          has an entry in{' '}
          {cond.filters.length
            ? `the Explore selection (${cond.filters.length} filter${cond.filters.length === 1 ? '' : 's'})`
            : 'any Explore cell'}
        </span>
      );
    case 'replied':
      return <RepliedEditor cond={cond} label={label} onChange={onChange} />;
  }
}
