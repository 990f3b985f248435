import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aceJson, apiCall, defaultDemoIn, expect, serve, test } from './fixtures';
import { OverviewPage } from './pages/OverviewPage';

/** The PostgreSQL the team-lake tests use (.ci/run starts it; ACE_TEST_PG_* point elsewhere). */
const PG = {
  host: process.env.ACE_TEST_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.ACE_TEST_PG_PORT ?? 5432),
  database: process.env.ACE_TEST_PG_DATABASE ?? 'ace_lake',
  user: process.env.ACE_TEST_PG_USER ?? 'ace',
  password: process.env.ACE_TEST_PG_PASSWORD ?? 'ace-test-only',
};

test('a team lake opened by path asks for its catalog password, refuses a wrong one, and opens with the right one', async ({
  page,
  tmp,
}) => {
  const lake = join(tmp, 'team.acelake');
  const schema = `e2e${process.pid}_${Date.now()}`;
  writeFileSync(
    lake,
    JSON.stringify({ format: 'ace-lake/1', catalog: { postgres: { ...PG, password: undefined, schema } }, dataPath: 'team-data' }),
  );
  // A colleague made it (the password in their environment only).
  aceJson(['demo', '--workspace', lake, '--entries', '1500'], { ACE_LAKE_PASSWORD: PG.password });
  await defaultDemoIn(tmp);
  // This app knows no password for it.
  const server = await serve({ dataDir: tmp, env: { ACE_LAKE_PASSWORD: '' } });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByLabel('Workspace path').fill(lake);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const ask = page.getByRole('form', { name: 'Team lake password' });
    await expect(ask).toContainText(`${PG.user}@${PG.host}:${PG.port}/${PG.database}`);
    await expect(ask).toContainText('kept for this session only');
    await page.screenshot({ path: 'test-results/screens/team-lake-password.png' });

    await ask.getByLabel('Catalog password').fill('not-it');
    await ask.getByRole('button', { name: 'Open' }).click();
    await expect(ask).toContainText('That password was refused.');
    await expect(overview.workspaceName).toHaveText('Demo: Spring Sweepstakes 2026');

    await ask.getByLabel('Catalog password').fill(PG.password);
    await ask.getByRole('button', { name: 'Open' }).click();
    await expect(ask).toHaveCount(0);
    await expect(page.getByText('DuckLake', { exact: true })).toBeVisible();
    await expect(overview.kpi('entries')).toHaveText('1,500');
    // Nothing the app shows or answers carries the password.
    const info = await apiCall<unknown>(server, 'app.info', {});
    expect(JSON.stringify(info)).not.toContain(PG.password);
    await page.screenshot({ path: 'test-results/screens/team-lake-open.png' });
  } finally {
    await server.stop();
  }
});
