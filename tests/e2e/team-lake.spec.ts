import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

test('a team lake is made from the workspace bar: a wrong password leaves nothing behind, the right one opens it', async ({
  page,
  tmp,
}) => {
  await defaultDemoIn(tmp);
  const server = await serve({ dataDir: tmp, env: { ACE_LAKE_PASSWORD: '' } });
  try {
    const overview = new OverviewPage(page);
    await overview.goto(server.url);
    await page.getByRole('button', { name: 'Team lake…' }).click();
    const form = page.getByRole('form', { name: 'New team lake' });
    const file = join(tmp, 'autumn.acelake');
    await form.getByLabel('Team lake file').fill(file);
    await form.getByLabel('PostgreSQL server').fill(PG.host);
    await form.getByLabel('Port').fill(String(PG.port));
    await form.getByLabel('Database').fill(PG.database);
    await form.getByLabel('User').fill(PG.user);
    await form.getByLabel('Schema (optional)').fill(`mk${process.pid}_${Date.now()}`);
    await form.getByLabel('Shared data folder').fill(join(tmp, 'autumn-data'));
    await form.getByLabel('Password').fill('not-it');
    await form.getByRole('button', { name: 'Create team lake' }).click();
    await expect(overview.error).toContainText('refused the password');
    expect(existsSync(file)).toBe(false);
    await expect(overview.workspaceName).toHaveText('Demo: Spring Sweepstakes 2026');

    await form.getByLabel('Password').fill(PG.password);
    await form.getByRole('button', { name: 'Create team lake' }).click();
    await expect(form).toHaveCount(0);
    await expect(overview.workspaceName).toHaveText('autumn');
    await expect(page.getByText('DuckLake', { exact: true })).toBeVisible();
    await expect(overview.emptyState).toBeVisible();
    // The file names the catalog and the folder, never the password.
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ format: 'ace-lake/1', catalog: { postgres: { user: PG.user } } });
    expect(saved).not.toContain(PG.password);
    await page.screenshot({ path: 'test-results/screens/team-lake-new.png' });
  } finally {
    await server.stop();
  }
});
