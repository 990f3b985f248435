import type { SegmentCondition } from '../../../src-main/contract/segments';
import type { ReplyType } from '../../../src-main/contract/replies';
import { useQuery } from '../../lib/query';

type Replied = Extract<SegmentCondition, { type: 'replied' }>;

const KINDS: { value: string; label: string; types: ReplyType[] }[] = [
  { value: 'any', label: 'anything', types: [] },
  { value: 'feedback', label: 'feedback', types: ['feedback'] },
  { value: 'help', label: 'a help request', types: ['help'] },
  { value: 'opt_out', label: 'an opt-out (STOP)', types: ['opt_out'] },
];

/** "Wrote back": what kind of reply, with which words, tied to which media buy (the Replies screen's filters). */
export function RepliedEditor({ cond, label, onChange }: { cond: Replied; label: string; onChange: (c: SegmentCondition) => void }) {
  const l = (what: string) => `${label} ${what}`;
  const summary = useQuery('replies.summary', {});
  const kind = KINDS.find((k) => k.types.join() === (cond.types ?? []).join())?.value ?? 'any';
  const buys = summary.data?.byMediaBuy ?? [];
  const set = (patch: Partial<Replied>) => {
    const next: Replied = { ...cond, ...patch };
    for (const k of ['text', 'theme'] as const) if (!next[k]) delete next[k];
    if (!next.mediaBuys?.length) delete next.mediaBuys;
    onChange(next);
  };
  return (
    <>
      <span className="muted small">wrote</span>
      <select
        aria-label={l('reply kind')}
        value={kind}
        onChange={(e) => set({ types: KINDS.find((k) => k.value === e.target.value)!.types })}
      >
        {KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <span className="muted small">with the words</span>
      <input
        aria-label={l('words')}
        className="sg-words"
        placeholder="any words"
        maxLength={200}
        value={cond.text ?? ''}
        onChange={(e) => set({ text: e.target.value })}
      />
      <span className="muted small">about</span>
      <select
        aria-label={l('media buy')}
        value={cond.mediaBuys?.[0] ?? '*'}
        onChange={(e) => set({ mediaBuys: e.target.value === '*' ? [] : [e.target.value] })}
      >
        <option value="*">any media buy</option>
        {buys.map((b) => (
          <option key={b.mediaBuyId ?? ''} value={b.mediaBuyId ?? ''}>
            {b.mediaBuyId === null ? '(unattributed)' : b.name ? `${b.name} (${b.mediaBuyId})` : b.mediaBuyId}
          </option>
        ))}
      </select>
      {cond.theme && <span className="small">on the theme “{cond.theme}”</span>}
    </>
  );
}
