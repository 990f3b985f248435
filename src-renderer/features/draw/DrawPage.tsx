import { useMemo, useState } from 'react';
import { useDebounced } from '../../lib/useDebounced';
import { PoolNote } from './PoolNote';
import { OfficialRules } from './OfficialRules';
import { CommitSeed } from './CommitSeed';
import { FraudFlags } from './FraudFlags';
import { WinnerRow } from './WinnerRow';
import './draw.css';
import { selfContainedScript } from './bundleFile';
import { downloadText } from '../import/download';
import { api } from '../../api/client';
import { fmtCount } from '../../format';
import { mutate, useQuery } from '../../lib/query';
import { jobOutcome, runJob } from '../../lib/jobs';
import { useParam } from '../../lib/route';
import { Tabs, type TabDef } from '../../components/Tabs';

type DrawTab = 'draw' | 'rules' | 'fraud';
const tabOf = (raw: string): DrawTab | null => (raw === 'rules' || raw === 'fraud' ? raw : null);

/** The winner draw: uniformly at random, with a recorded seed anyone can re-run; one win per person across tiers. */
export function DrawPage() {
  const [tabParam, setTab] = useParam('draw', 'tab', tabOf);
  const tab = tabParam ?? 'draw';
  const rulesQ = useQuery('rules.get', {});
  const openFraud = useQuery('fraud.list', { status: 'open', limit: 1 });
  const tabs: TabDef<DrawTab>[] = [
    { id: 'draw', label: 'Draw' },
    { id: 'rules', label: 'Official rules and validity', badge: rulesQ.data?.version ? `v${rulesQ.data.version}` : null },
    { id: 'fraud', label: 'Fraud review', badge: openFraud.data?.total ? `${fmtCount(openFraud.data.total)} open` : null },
  ];
  const drawsQ = useQuery('draw.list', {});
  const segmentsQ = useQuery('segments.list', {});
  const draws = drawsQ.data ?? [];
  const segments = segmentsQ.data ?? [];
  const [tier, setTier] = useState('');
  const [count, setCount] = useState('1');
  const [alternates, setAlternates] = useState('2');
  const [seed, setSeed] = useState('');
  const [commitment, setCommitment] = useState('');
  const commitmentsQ = useQuery('draw.commitments', {});
  const unused = (commitmentsQ.data ?? []).filter((c) => !c.usedBy);
  const [segmentId, setSegmentId] = useState('');
  const [exclude, setExclude] = useState('');
  const [problem, setError] = useState<string | null>(null);
  const error =
    problem ?? drawsQ.error?.message ?? (segmentsQ.error ? `The saved segments could not be listed: ${segmentsQ.error.message}` : null);
  const [verified, setVerified] = useState<Record<string, string>>({});
  const excludeList = useMemo(
    () =>
      exclude
        .split(/\r?\n|,/)
        .map((x) => x.trim())
        .filter(Boolean),
    [exclude],
  );
  // Before drawing: who can win, and exclusion lines that match nobody (typed while they change).
  const poolInput = useDebounced(
    useMemo(
      () => ({ ...(segmentId ? { rule: { type: 'segment' as const, segmentId } } : {}), exclude: excludeList }),
      [segmentId, excludeList],
    ),
    250,
  );
  const pool = useQuery('draw.pool', poolInput);

  const draw = async () => {
    setError(null);
    const n = Number(count);
    const k = Number(alternates || 0);
    if (!tier.trim()) return setError('Name the prize tier.');
    if (!Number.isInteger(n) || n < 1) return setError('Draw at least one winner (a whole number).');
    if (!Number.isInteger(k) || k < 0) return setError('Alternates: a whole number, 0 or more.');
    try {
      await mutate('draw.run', {
        tier: tier.trim(),
        count: n,
        alternates: k,
        ...(commitment ? { commitment } : seed.trim() ? { seed: seed.trim() } : {}),
        ...(segmentId ? { rule: { type: 'segment' as const, segmentId } } : {}),
        exclude: excludeList,
      });
      setTier('');
      setCommitment('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const verify = async (id: string) => {
    const v = await api.call('draw.verify', { drawId: id }).catch((e: Error) => ({ message: e.message }));
    setVerified((m) => ({ ...m, [id]: v.message }));
  };
  // One file anyone can run (node verify-<draw>.mjs): the bundle (pseudonymous pool, seed, rules) and the algorithm.
  const bundle = async (id: string) => {
    try {
      const b = await api.call('draw.bundle', { drawId: id });
      downloadText(`verify-${id}.mjs`, selfContainedScript(b), 'text/javascript;charset=utf-8');
      setVerified((m) => ({
        ...m,
        [id]: b.reproduced
          ? `Saved verify-${id}.mjs: anyone with Node can run it to re-draw these winners.`
          : 'Saved, but today’s data no longer gives the pool this draw used (data imported since?).',
      }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const winnersList = async () => {
    try {
      const job = await runJob('draw.exportWinners', {}, { fileName: 'winners-list.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
      if (job && job.state !== 'done') setError(jobOutcome(job));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const report = async (id: string) => {
    const d = draws?.find((x) => x.drawId === id);
    const fileName = `draw-${(d?.tier ?? 'report').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${id}.pdf`;
    try {
      const job = await runJob('draw.exportReport', { drawId: id }, { fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (job && job.state !== 'done') setError(jobOutcome(job));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Winner draw</h1>
          <p className="muted">
            Winners are drawn at random from the valid entrants (by valid entry or by person, as the official rules say); the seed is
            recorded, or committed before the draw, so anyone can re-run it. Nobody wins twice across tiers.
          </p>
        </div>
      </header>
      <Tabs tabs={tabs} current={tab} onChange={(t) => setTab(t === 'draw' ? null : t)} label="Winner draw" idBase="draw">
        {tab === 'rules' && <OfficialRules />}
        {tab === 'fraud' && <FraudFlags />}
        {tab === 'draw' && (
          <>
            <CommitSeed />
            <section className="card" aria-label="New draw">
              <div className="inline-form">
                <label>
                  Prize tier
                  <input value={tier} onChange={(e) => setTier(e.target.value)} placeholder="Grand prize" />
                </label>
                <label>
                  Winners
                  <input value={count} onChange={(e) => setCount(e.target.value)} inputMode="numeric" size={5} />
                </label>
                <label>
                  Alternates
                  <input value={alternates} onChange={(e) => setAlternates(e.target.value)} inputMode="numeric" size={5} />
                </label>
                <label>
                  Who may win
                  <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
                    <option value="">Everyone who entered</option>
                    {segments.map((s) => (
                      <option key={s.segmentId} value={s.segmentId}>
                        Segment: {s.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Seed from
                  <select value={commitment} onChange={(e) => setCommitment(e.target.value)}>
                    <option value="">typed, or random (recorded)</option>
                    {unused.map((c) => (
                      <option key={c.commitmentId} value={c.commitmentId}>
                        committed {c.committedAt} ({c.seedHash.slice(0, 12)}…)
                      </option>
                    ))}
                  </select>
                </label>
                {!commitment && (
                  <label>
                    Seed (optional)
                    <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random, recorded" />
                  </label>
                )}
              </div>
              <label className="draw-exclude">
                Excluded (one email, phone or entrant id per line: staff, their families)
                <textarea rows={3} value={exclude} onChange={(e) => setExclude(e.target.value)} />
              </label>
              <PoolNote pool={pool.data} loading={pool.loading} error={pool.error} />
              <button onClick={() => void draw()}>Draw winners</button>
              {error && (
                <p className="inline-error" role="alert">
                  {error}
                </p>
              )}
            </section>
            <h2 className="draw-history-title">{draws.length ? `Past draws (${draws.length}), newest last` : 'No draws yet'}</h2>
            {draws.length > 0 && (
              <p className="small">
                <button className="ghost" onClick={() => void winnersList()}>
                  Public winners list (CSV)
                </button>{' '}
                <span className="muted">prize, value, first name and last initial, city and state of who holds each prize now</span>
              </p>
            )}
            {draws.map((d) => (
              <section key={d.drawId} className="card" aria-label={`Draw ${d.tier}`} data-draw={d.drawId} style={{ marginTop: 16 }}>
                <h2>{d.tier}</h2>
                <p className="small muted">
                  {d.drawnAt} UTC{d.drawnBy ? ` by ${d.drawnBy}` : ''} · from {fmtCount(d.poolSize)}{' '}
                  {d.odds === 'entry' ? 'valid entries' : 'eligible'} · seed <code>{d.seed}</code>
                  {d.commitment && (
                    <>
                      {' '}
                      · committed {d.commitment.committedAt} as <code>{d.commitment.seedHash.slice(0, 16)}…</code>
                    </>
                  )}
                  {d.rulesVersion
                    ? ` · official rules v${d.rulesVersion}, odds per ${d.odds === 'entry' ? 'valid entry' : 'valid entrant'}`
                    : ''}
                  {d.snapshot !== null ? ` · lake snapshot ${d.snapshot}` : ''}
                </p>
                <table className="table">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Entrant</th>
                      <th>Name</th>
                      <th>Email / phone</th>
                      <th>Prize fulfilment</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...d.winners, ...d.alternatesDrawn].map((w) => (
                      <WinnerRow key={w.entrantId} d={d} w={w} onError={setError} />
                    ))}
                  </tbody>
                </table>
                <div className="inline-form">
                  <button className="ghost" onClick={() => void verify(d.drawId)}>
                    Verify
                  </button>
                  <button className="ghost" onClick={() => void report(d.drawId)}>
                    Audit report (PDF)
                  </button>
                  <button className="ghost" onClick={() => void bundle(d.drawId)}>
                    Verification file
                  </button>
                </div>
                {verified[d.drawId] && (
                  <p className="small" role="status">
                    {verified[d.drawId]}
                  </p>
                )}
              </section>
            ))}
          </>
        )}
      </Tabs>
    </div>
  );
}
