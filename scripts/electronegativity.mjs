#!/usr/bin/env node
// Electronegativity over the app's sources, with the exceptions in electronegativity.json: every finding
// must be accepted there with a reason, and every acceptance must still match a finding. Exit 1 otherwise.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = JSON.parse(readFileSync('electronegativity.json', 'utf8'));
// Only what ships is scanned (not node_modules, tests or build output): a copy keeps paths relative.
const stage = mkdtempSync(join(tmpdir(), 'ace-eneg-'));
try {
  for (const p of config.input) cpSync(p, join(stage, p), { recursive: true });
  const sarif = join(stage, 'findings.sarif');
  const cli = 'node_modules/@doyensec/electronegativity/dist/index.js';
  const r = spawnSync(
    process.execPath,
    [cli, '-i', stage, '-r', '-v', 'false', '-o', sarif, '-x', config.skippedChecks.map((c) => c.check).join(',')],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`electronegativity exited with ${r.status}`);
  }
  // SARIF (JSON): the CSV output does not escape the code samples it quotes.
  const findings = JSON.parse(readFileSync(sarif, 'utf8')).runs.flatMap((run) =>
    run.results.map((f) => {
      const where = f.locations?.[0]?.physicalLocation;
      return {
        check: f.ruleId,
        file: where?.artifactLocation?.uri ?? '?',
        at: `${where?.region?.startLine ?? 0}:${where?.region?.startColumn ?? 0}`,
        severity: f.level,
        description: f.message?.text ?? '',
      };
    }),
  );
  const accepted = (f) => config.accepted.find((a) => a.check === f.check && a.file === f.file);
  const unexplained = findings.filter((f) => !accepted(f));
  const stale = config.accepted.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file));
  for (const f of findings)
    console.log(
      `${accepted(f) ? 'accepted ' : 'FINDING  '} ${f.check} ${f.severity} ${f.file}:${f.at} ${accepted(f) ? '' : f.description}`,
    );
  for (const a of stale) console.log(`STALE     ${a.check} ${a.file}: accepted in electronegativity.json but no longer found; remove it.`);
  console.log(
    `electronegativity: ${findings.length} finding(s), ${findings.length - unexplained.length} accepted with a reason, ${unexplained.length} not; ${config.skippedChecks.length} check(s) skipped (see electronegativity.json).`,
  );
  process.exitCode = unexplained.length || stale.length ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
