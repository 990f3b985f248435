import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrawRecord } from '../../src-main/contract/draw';
import { pdfInfo, pdfPageText } from '../support/pdf';
import { aceJsonIn, apiCall, demoWorkspace, expect, serve, test } from './fixtures';

test('a draw from a segment with a fixed seed gives the winners the CLI gives; it verifies and its PDF report downloads', async ({
  page,
  tmp,
}) => {
  const workspace = join(tmp, 'campaign.duckdb');
  await demoWorkspace(workspace, { entries: 3000, seed: 4 });
  // The same draw made from the command line on an identical copy: the same seed must give the same people.
  const copy = join(tmp, 'copy.duckdb');
  await demoWorkspace(copy, { entries: 3000, seed: 4 });
  writeFileSync(join(tmp, 'adults.json'), JSON.stringify({ type: 'number', field: 'age', min: 18 }));
  const cli = await aceJsonIn<DrawRecord>([
    'draw',
    '--workspace',
    copy,
    '--tier',
    'Grand prize',
    '--count',
    '3',
    '--alternates',
    '1',
    '--seed',
    'spring-finale',
    '--rules',
    join(tmp, 'adults.json'),
  ]);
  const server = await serve({ workspace, dataDir: tmp });
  try {
    const adults = await apiCall<{ segmentId: string }>(server, 'segments.save', {
      name: 'Adults',
      rule: { type: 'number', field: 'age', min: 18 },
    });
    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Winner draw', exact: true }).click();
    const form = page.getByRole('region', { name: 'New draw' });
    await form.getByLabel('Prize tier').fill('Grand prize');
    await form.getByLabel('Winners').fill('3');
    await form.getByLabel('Alternates').fill('1');
    await form.getByLabel('Who may win').selectOption({ label: 'Segment: Adults' });
    await form.getByLabel('Seed (optional)').fill('spring-finale');
    // Before drawing: who can win (as the core counts it), and an exclusion line that matches nobody is named.
    const pool = await apiCall<{ poolSize: number; eligible: number }>(server, 'draw.pool', {
      rule: { type: 'segment', segmentId: adults.segmentId },
      exclude: [],
    });
    expect(pool.poolSize).toBe(cli.poolSize);
    await expect(form.getByTestId('draw-pool')).toContainText(`${pool.poolSize.toLocaleString('en-US')} people can win`);
    await form.getByLabel(/^Excluded/).fill('staff@nowhere.example');
    await expect(form.getByTestId('draw-unmatched')).toContainText(
      '1 exclusion line matches no entrant id, email or phone: staff@nowhere.example',
    );
    await form.getByLabel(/^Excluded/).fill('');
    await expect(form.getByTestId('draw-unmatched')).toHaveCount(0);
    await form.getByRole('button', { name: 'Draw winners' }).click();
    const card = page.getByRole('region', { name: 'Draw Grand prize' });
    await expect(card.locator('tbody tr')).toHaveCount(4);
    const [d] = await apiCall<DrawRecord[]>(server, 'draw.list');
    const shown = await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-entrant')));
    expect(shown).toEqual([...d!.winners, ...d!.alternatesDrawn].map((w) => w.entrantId));
    expect(shown).toEqual([...cli.winners, ...cli.alternatesDrawn].map((w) => w.entrantId));
    expect(d!.poolHash).toBe(cli.poolHash);

    await card.getByRole('button', { name: 'Verify' }).click();
    await expect(card.getByRole('status')).toContainText('Verified: seed "spring-finale"');
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Audit report (PDF)' }).click();
    const file = await (await download).path();
    expect(pdfInfo(file).pages).toBe(1);
    const report = pdfPageText(file, 1);
    for (const w of d!.winners) expect(report).toContain(w.entrantId);
    expect(report).toContain('spring-finale');
    await page.screenshot({ path: 'test-results/screens/draw-light.png', fullPage: true });

    // A repeated tier is refused with what to do.
    await form.getByLabel('Prize tier').fill('grand prize');
    await form.getByRole('button', { name: 'Draw winners' }).click();
    await expect(form.getByRole('alert')).toContainText('was drawn already');
  } finally {
    await server.stop();
  }
});
