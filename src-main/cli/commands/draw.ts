import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { segmentRule } from '../../contract/segments';
import type { DrawRecord } from '../../contract/draw';
import { int, printJson, str, UsageError, type CommandSpec } from '../args';
import { runJob, withWorkspace } from '../core';

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

const show = (d: DrawRecord) =>
  [
    `${d.drawId}  ${d.tier}: ${d.count} winner(s), ${d.alternates} alternate(s) from ${d.poolSize} ${d.odds === 'entry' ? 'valid entries' : 'eligible'}; seed "${d.seed}"${d.commitment ? ` (committed ${d.commitment.committedAt} as ${d.commitment.seedHash})` : ''}; drawn ${d.drawnAt}${d.drawnBy ? ` by ${d.drawnBy}` : ''}${d.rulesVersion ? `; official rules v${d.rulesVersion}, odds per ${d.odds}` : ''}`,
    ...d.winners.map(
      (w) =>
        `  ${String(w.rank).padStart(3)}. ${w.entrantId}  ${[w.firstName, w.lastName].filter(Boolean).join(' ')}  ${w.email ?? w.phone ?? ''}`,
    ),
    ...d.alternatesDrawn.map(
      (w) =>
        `  alt ${w.rank - d.count}. ${w.entrantId}  ${[w.firstName, w.lastName].filter(Boolean).join(' ')}  ${w.email ?? w.phone ?? ''}`,
    ),
  ].join('\n');

export const drawCommand: CommandSpec = {
  name: 'draw',
  summary: 'Draws sweepstakes winners for a prize tier, uniformly at random with a recorded seed; lists and verifies draws.',
  usage:
    'draw --workspace W --tier NAME --count N [--alternates K] [--seed S] [--rules RULE.json] [--exclude FILE] [--json] | draw --list | draw --verify ID',
  options: {
    workspace: { type: 'string' },
    tier: { type: 'string' },
    count: { type: 'string' },
    alternates: { type: 'string' },
    seed: { type: 'string' },
    rules: { type: 'string' },
    exclude: { type: 'string' },
    list: { type: 'boolean' },
    verify: { type: 'string' },
    report: { type: 'string' },
    out: { type: 'string' },
    commit: { type: 'boolean' },
    commitment: { type: 'string' },
    bundle: { type: 'string' },
    'winners-list': { type: 'boolean' },
  },
  help: [
    '  --tier NAME          the prize tier (each tier is drawn once; one win per person across tiers)',
    '  --count N            winners to draw; --alternates K more, in order',
    '  --seed S             any text; the same seed over the same eligible people gives the same winners (random when left out, and recorded)',
    '  --rules RULE.json    who may win, as a segment rule, e.g. {"all":[{"type":"number","field":"age","min":18},{"type":"reachable","channel":"email"}]}',
    '  --exclude FILE       one email, phone or entrant id per line that may not win',
    '  --list               every draw with its winners; --verify ID re-runs one from its seed',
    '  --report ID --out F.pdf   the audit report of a draw as a PDF',
    '  --commit             commit before reveal: makes a seed now and prints only its SHA-256, to publish before entries close',
    '  --commitment ID      draws with that committed seed (revealed and recorded now; instead of --seed)',
    '  --bundle ID --out DIR     writes bundle.json and verify.mjs: anyone re-runs the draw with `node verify.mjs`',
    '  --winners-list --out F.csv  the public winners list (prize, value, first name and initial, city, state); logged as personal data',
  ],
  async run(args) {
    const json = !!args.values.json;
    return withWorkspace(str(args, 'workspace', true), async (call, session) => {
      if (args.values.list) {
        const all = await call('draw.list', {});
        if (json) printJson(all, args.io);
        else args.io.out((all.map(show).join('\n\n') || '(no draws yet)') + '\n');
        return 0;
      }
      if (args.values.commit) {
        const c = await call('draw.commit', {});
        if (json) printJson(c, args.io);
        else
          args.io.out(
            `Committed ${c.commitmentId} at ${c.committedAt}. Publish this SHA-256 of the seed before entries close:\n  ${c.seedHash}\nThen draw with --commitment ${c.commitmentId}.\n`,
          );
        return 0;
      }
      const bundle = str(args, 'bundle');
      if (bundle) {
        const out = resolve(str(args, 'out', true));
        const b = await call('draw.bundle', { drawId: bundle });
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'bundle.json'), JSON.stringify(b, null, 2) + '\n');
        writeFileSync(join(out, 'verify.mjs'), b.script);
        if (json) printJson({ out, reproduced: b.reproduced, poolMatchesRecord: b.pool.matchesRecord }, args.io);
        else
          args.io.out(
            `Wrote bundle.json and verify.mjs to ${out}${b.reproduced && b.pool.matchesRecord ? '' : " (warning: today's data no longer gives the pool this draw used)"}.\nAnyone can re-run the draw: node verify.mjs bundle.json\n`,
          );
        return 0;
      }
      if (args.values['winners-list']) {
        const out = resolve(str(args, 'out', true));
        const r = await runJob(call, session, 'draw.exportWinners', { path: out });
        if (json) printJson({ out, ...r }, args.io);
        else args.io.out(`Wrote the public winners list to ${out}\n`);
        return 0;
      }
      const report = str(args, 'report');
      if (report) {
        const out = str(args, 'out', true);
        const d = (await call('draw.list', {})).find((x) => x.drawId === report);
        if (!d) throw new UsageError(`there is no draw ${report} (see: draw --list)`);
        await runJob(call, session, 'draw.exportReport', { drawId: d.drawId, path: resolve(out) });
        if (json) printJson({ out }, args.io);
        else args.io.out(`Wrote the audit report of ${d.tier} to ${out}\n`);
        return 0;
      }
      const verify = str(args, 'verify');
      if (verify) {
        const v = await call('draw.verify', { drawId: verify });
        if (json) printJson(v, args.io);
        else args.io.out(v.message + '\n');
        return v.same ? 0 : 1;
      }
      const tier = str(args, 'tier', true);
      const count = int(args, 'count', 0, 1, 10_000);
      if (!str(args, 'count')) throw new UsageError('--count is required');
      const rulesFile = str(args, 'rules');
      let rule;
      if (rulesFile) {
        const r = segmentRule.safeParse(readJson(rulesFile, 'the rules file'));
        if (!r.success) throw new UsageError(`the rules in ${rulesFile} are not valid: ${r.error.issues[0]?.message}`);
        rule = r.data;
      }
      const excludeFile = str(args, 'exclude');
      let exclude: string[] = [];
      if (excludeFile) {
        try {
          exclude = readFileSync(excludeFile, 'utf8')
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean);
        } catch (e) {
          throw new UsageError(`cannot read the exclusions file ${excludeFile}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      const d = await call('draw.run', {
        tier,
        count,
        alternates: int(args, 'alternates', 0, 0, 1000),
        seed: str(args, 'seed'),
        commitment: str(args, 'commitment'),
        rule,
        exclude,
      });
      if (json) printJson(d, args.io);
      else args.io.out(show(d) + '\n');
      return 0;
    });
  },
};
