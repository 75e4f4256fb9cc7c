// The dashboard in real Chromium against the real service (emulated-5s, temp data dir). The
// counters and controls are on the Overview, the recent batches in the Pipeline view, the
// logs and Spark in theirs (e2e/views.spec.ts checks the views themselves).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { runCli } from '../electron/testing/cli.ts';
import { REPO_ROOT } from '../electron/testing/presets.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { viaRail } from './dashboard-views.ts';

const shots = join(import.meta.dirname, 'output', 'screenshots');
let scratch: string;
let server: Served;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-'));
  const dataDir = join(scratch, 'data');
  // The shipped presets plus one broken file, to see its error in the picker.
  const presets = join(scratch, 'presets');
  cpSync(join(REPO_ROOT, 'presets'), presets, { recursive: true });
  writeFileSync(
    join(presets, 'broken.yaml'),
    'name: broken\nnumber_of_companies: 0\ndrivers_per_company: 2\nevent_rate_per_driver: 1\ncompany_onboarding_interval: PT1H\n',
  );
  // An hour of history first, so there are older log entries to load.
  const from = new Date(Math.floor(Date.now() / 5000) * 5000 - 2 * 3600_000).toISOString();
  const to = new Date(Date.parse(from) + 3600_000).toISOString();
  const gen = await runCli([
    'generate',
    '--preset',
    'emulated-5s',
    '--data-dir',
    dataDir,
    '--from',
    from,
    '--to',
    to,
  ]);
  expect(gen.code, gen.stderr).toBe(0);
  server = await serve([
    '--preset',
    'emulated-5s',
    '--data-dir',
    dataDir,
    '--presets-dir',
    presets,
  ]);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function number(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).innerText()).replaceAll(',', ''));
}

test('counters and recent batches update live', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('connection')).toHaveText('connected');
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status).toBeVisible();
  const batches = await number(page, 'driver-batches');
  await expect
    .poll(() => number(page, 'driver-batches'), { timeout: 12_000 })
    .toBeGreaterThan(batches);
  await viaRail(page, 'Pipeline');
  const rows = await page
    .getByRole('region', { name: 'Recent batches' })
    .locator('tbody tr')
    .count();
  await expect
    .poll(() => page.getByRole('region', { name: 'Recent batches' }).locator('tbody tr').count(), {
      timeout: 12_000,
    })
    .toBeGreaterThan(Math.min(rows, 49));
  await page.getByRole('region', { name: 'Recent batches' }).getByRole('button').first().click();
  const dialog = page.getByRole('dialog', { name: 'Batch details' });
  await expect(dialog).toContainText('"record_count"');
  await expect(dialog).toContainText('"event_id"');
  await page.screenshot({ path: join(shots, 'running.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('Pause stops new batches', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await expect(page.getByTestId('announcer')).toHaveText('Generator paused');
  const batches = await number(page, 'driver-batches');
  await page.waitForTimeout(6_000);
  expect(await number(page, 'driver-batches')).toBe(batches);
  expect((await server.call('/api/health')).body.driver_batches).toBe(batches);
  await page.screenshot({ path: join(shots, 'paused.png'), fullPage: true });
});

test('Clean data asks for confirmation, then empties the dataset', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status')).toHaveText('paused');
  const before = await number(page, 'driver-batches');
  expect(before).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Clean data', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete all generated data?' });
  await expect(dialog).toContainText(`${before.toLocaleString('en-US')} driver batches`);
  await page.screenshot({ path: join(shots, 'clean-confirm.png') });
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  expect((await server.call('/api/health')).body.driver_batches).toBe(before);
  await page.getByRole('button', { name: 'Clean data', exact: true }).click();
  await dialog.getByRole('button', { name: 'Delete everything', exact: true }).click();
  await expect.poll(() => number(page, 'driver-batches')).toBe(0);
  await viaRail(page, 'Pipeline');
  await expect(
    page.getByRole('region', { name: 'Recent batches' }).locator('tbody tr'),
  ).toHaveCount(0);
  expect((await server.call('/api/health')).body.verification.companies_exists).toBe(false);
});

test('Resume re-creates the baseline', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('announcer')).toContainText(
    /Baseline regenerated: companies:\d+, driver_batch:1|Generator running/,
  );
  await expect.poll(() => number(page, 'driver-batches')).toBeGreaterThanOrEqual(1);
  expect((await server.call('/api/health')).body.auto_reinit.performed).toBe(true);
});

test('an invalid preset shows its error and changes nothing', async ({ page }) => {
  await page.goto(server.url);
  const before = (await server.call('/api/config')).body;
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('broken');
  await page.getByRole('button', { name: 'Apply preset', exact: true }).click();
  const error = page.getByTestId('preset-error');
  await expect(error).toContainText('number_of_companies (0) must be > 0');
  await page.screenshot({ path: join(shots, 'preset-error.png'), fullPage: true });
  expect((await server.call('/api/config')).body).toEqual(before);
  await expect(page.getByTestId('preset')).toHaveText('emulated-5s');
});

test('switching preset changes the mode shown', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('mode')).toHaveText('emulated');
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('base');
  await expect(page.getByRole('region', { name: 'Controls' })).toContainText(
    '10 companies × 5 drivers · a batch every 15 min',
  );
  await page.getByRole('button', { name: 'Apply preset', exact: true }).click();
  await expect(
    page.getByRole('region', { name: 'Controls' }).getByText(/base takes effect at/),
  ).toBeVisible();
  await expect(page.getByTestId('mode')).toHaveText('production', { timeout: 10_000 });
  await expect(page.getByTestId('preset')).toHaveText('base');
});

test('the logs tail shows new lines and "Load older" adds older ones', async ({ page }) => {
  await page.goto(`${server.url}/#/logs`);
  const logs = page.getByRole('region', { name: 'Logs' });
  await expect(logs.getByTestId('log-count')).toHaveText(/\d+ entries/);
  const count = async () =>
    Number((await logs.getByTestId('log-count').innerText()).split(' ')[0]?.replaceAll(',', ''));
  const first = await count();
  // A new line appears without reloading (a pause and resume log at once).
  await server.call('/api/pause', { method: 'POST' });
  await expect(logs.getByRole('log')).toContainText('paused');
  await server.call('/api/resume', { method: 'POST' });
  await expect.poll(count).toBeGreaterThan(first);
  const live = await count();
  await logs.getByRole('button', { name: 'Load older', exact: true }).click();
  await expect.poll(count).toBeGreaterThanOrEqual(live + 400);
  await logs.getByRole('combobox').selectOption('error');
  await expect.poll(count).toBeLessThan(live);
  await logs.getByRole('combobox').selectOption('debug');
  await logs.getByRole('searchbox').fill('committed driver batch');
  await expect(logs.getByRole('log')).toContainText('committed driver batch');
  await page.screenshot({ path: join(shots, 'logs.png'), fullPage: true });
});

test('themes and classroom mode', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status')).toHaveText('running');
  // Fully loaded before the screenshots: presets listed and Spark's state known.
  await expect(page.getByRole('combobox', { name: 'Preset' }).locator('option')).not.toHaveCount(0);
  await expect(
    page.getByRole('region', { name: 'At a glance' }).getByRole('link').first(),
  ).not.toHaveText('unknown');
  await page.getByLabel('Theme').selectOption('light');
  await page.screenshot({ path: join(shots, 'light.png'), fullPage: true });
  await page.getByLabel('Theme').selectOption('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    'rgb(13, 17, 23)',
  );
  await page.screenshot({ path: join(shots, 'dark.png'), fullPage: true });
  await page.getByLabel('Theme').selectOption('light');
  const normal = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await page.getByLabel('Classroom mode').check();
  // Classroom mode opens the projector view, in large type.
  await expect(page).toHaveURL(/#\/projector$/);
  const large = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(Number.parseFloat(large)).toBeGreaterThan(Number.parseFloat(normal) * 1.3);
  await page.screenshot({ path: join(shots, 'classroom.png'), fullPage: true });
  // The choice is remembered; the other views keep the large type.
  await page.reload();
  await expect(page.getByLabel('Classroom mode')).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(
    large,
  );
});

test('keyboard alone can pause and resume', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status')).toHaveText('running');
  await page.getByRole('button', { name: 'Pause', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status')).toHaveText('paused');
  // Focus moves to the button that undoes the action once the request is done.
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeFocused();
});

test('the Spark panel says what can run here and offers Start', async ({ page }) => {
  await page.goto(`${server.url}/#/spark`);
  const panel = page.getByRole('region', { name: 'Spark' });
  await expect(panel.getByTestId('spark-state')).toHaveText('stopped');
  await expect(panel.getByRole('button', { name: 'Start Spark', exact: true })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Run bronze', exact: true })).toBeDisabled();
  const status = (await server.call('/api/spark')).body;
  if (status.backends.docker.state !== 'ready') {
    // The API's own explanation (no Docker CLI, engine down, or no compose plugin) is shown.
    await expect(panel).toContainText(status.backends.docker.message);
    await expect(panel).toContainText(
      status.backends.local.available
        ? 'local master and worker instead'
        : status.backends.local.checked === false
          ? 'looks for a local Spark'
          : 'No local Spark either',
    );
  }
  await page.screenshot({ path: join(shots, 'spark-panel.png'), fullPage: true });
});
