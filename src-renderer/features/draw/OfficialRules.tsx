import { useEffect, useState } from 'react';
import type { OfficialRules as Rules } from '../../../src-main/contract/rules';
import { mutate, useQuery } from '../../lib/query';
import { fromForm, toForm, type RulesForm } from './rulesForm';
import { Validity } from './Validity';
import { Compliance } from './Compliance';

type CountKey = 'perDay' | 'perCampaign' | 'perKeyword' | 'minAge' | 'claimDays';

/** A whole-number field of the rules, blank for none. */
function CountField(props: { label: string; field: CountKey; form: RulesForm; set: (p: Partial<RulesForm>) => void; empty?: string }) {
  return (
    <label>
      {props.label}
      <input
        inputMode="numeric"
        size={5}
        value={props.form[props.field]}
        onChange={(e) => props.set({ [props.field]: e.target.value })}
        placeholder={props.empty ?? 'no limit'}
      />
    </label>
  );
}

/** The official rules as data: what makes an entry valid, saved as a version; the validity they give below. */
export function OfficialRules() {
  const q = useQuery('rules.get', {});
  const [form, setForm] = useState<RulesForm | null>(null);
  const [status, setStatus] = useState<{ ok?: string; error?: string } | null>(null);
  useEffect(() => {
    if (q.data && form === null) setForm(toForm(q.data.rules));
  }, [q.data, form]);
  const f = form ?? (q.data ? toForm(q.data.rules) : null);
  const set = (patch: Partial<RulesForm>) => {
    setStatus(null);
    setForm({ ...(f as RulesForm), ...patch });
  };
  const save = async () => {
    if (!f) return;
    try {
      const saved = await mutate('rules.save', { rules: fromForm(f) as Rules });
      setForm(toForm(saved.rules));
      setStatus({ ok: `Saved as version ${saved.version}. Every entry's validity follows.` });
    } catch (e) {
      setStatus({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section className="card rules-card" aria-labelledby="rules-h">
      <h2 id="rules-h">Official rules</h2>
      <p className="muted small">
        What makes an entry valid. Invalid entries are kept with their reasons, never deleted.{' '}
        {q.data?.version ? `Version ${q.data.version}, saved ${q.data.savedAt}.` : 'None saved yet: every entry is valid.'}
      </p>
      {q.error && (
        <p className="inline-error" role="alert">
          Could not load the rules: {q.error.message}
        </p>
      )}
      {f && (
        <>
          <div className="inline-form">
            <label>
              Entries from
              <input type="date" value={f.start} onChange={(e) => set({ start: e.target.value })} />
            </label>
            <label>
              to (inclusive)
              <input type="date" value={f.end} onChange={(e) => set({ end: e.target.value })} />
            </label>
            <CountField label="Per person a day" field="perDay" form={f} set={set} />
            <CountField label="in all" field="perCampaign" form={f} set={set} />
            <CountField label="per keyword" field="perKeyword" form={f} set={set} />
            <CountField label="Minimum age" field="minAge" form={f} set={set} empty="none" />
            <CountField label="Days to return the release" field="claimDays" form={f} set={set} />
            <label>
              Odds
              <select value={f.odds} onChange={(e) => set({ odds: e.target.value as RulesForm['odds'] })}>
                <option value="entry">per valid entry (one prize per person)</option>
                <option value="person">per valid entrant</option>
              </select>
            </label>
          </div>
          <div className="inline-form">
            <label className="rules-states">
              Eligible states (blank: all)
              <input value={f.states} onChange={(e) => set({ states: e.target.value })} placeholder="MA, NY, NJ" />
            </label>
            <label className="rules-excluded">
              Excluded (employees, agencies): an email, phone or entrant id per line
              <textarea rows={3} value={f.excluded} onChange={(e) => set({ excluded: e.target.value })} />
            </label>
            <label className="rules-excluded">
              Prizes: tier | how many | value of each (ARV), a line each
              <textarea rows={3} value={f.prizes} onChange={(e) => set({ prizes: e.target.value })} placeholder="Grand prize | 1 | 5000" />
            </label>
            <button type="button" onClick={() => void save()}>
              Save rules
            </button>
          </div>
          {status && (
            <p className={status.error ? 'inline-error small' : 'muted small'} role="status" data-testid="rules-status">
              {status.ok ?? status.error}
            </p>
          )}
        </>
      )}
      <Validity />
      <Compliance />
    </section>
  );
}
