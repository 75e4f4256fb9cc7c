// The streaming pipeline as a learner meets it, in real Chromium against a real `serve`
// generating emulated-5s batches and a real local Spark (master, worker, spark-submit with
// Delta Lake): Start Spark, Run pipeline, watch batches reach gold in the graph, Stop pipeline.
// Docker is hidden from this serve (DOCKER_HOST points nowhere), so Start Spark takes the
// local backend; the Docker backend runs the pipeline in the engine lane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli } from '../electron/testing/cli.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { sparkStatusSchema } from '../shared/api.ts';
import { pipelineViewSchema } from '../shared/pipeline.ts';
import { viaRail } from './dashboard-views.ts';

const shots = join(import.meta.dirname, 'output', 'screenshots');
let scratch: string;
let app: Served;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-pipeline-'));
  const env = { ...process.env, DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` };
  app = await serve(
    ['--preset', 'emulated-5s', '--seed', '7', '--data-dir', join(scratch, 'data')],
    (args) => startCli(args, { env }),
  );
});

test.afterAll(async () => {
  // Stop Spark through the API too, in case the test failed before it did.
  await app?.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
  await app?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('Start Spark, Run pipeline: batches flow to gold with their counts; Stop pipeline stops it', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await page.goto(`${app.url}/#/pipeline`);
  const spark = page.getByRole('region', { name: 'Spark' });
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await expect(pipeline.getByRole('button', { name: 'Run pipeline' })).toBeDisabled();

  await viaRail(page, 'Spark');
  await spark.getByRole('button', { name: 'Start Spark', exact: true }).click();
  await expect(spark.getByTestId('spark-state')).toHaveText('running', { timeout: 120_000 });
  expect(sparkStatusSchema.parse((await app.call('/api/spark')).body).backend).toBe('local');

  await viaRail(page, 'Pipeline');
  await pipeline.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(pipeline.getByRole('button', { name: 'Stop pipeline' })).toBeVisible();
  await expect(pipeline.getByTestId('pipeline-state')).toHaveText('streaming', {
    timeout: 180_000,
  });
  // Gold has batches, and some batch shows seconds in every layer of the recent batches.
  await expect(pipeline.getByTestId('node-gold')).toContainText(/[1-9][\d,]* batches/, {
    timeout: 180_000,
  });
  // …and a batch whose gold rows are final (a later interval has reached gold).
  const travelled = pipeline.getByRole('table', { name: /Recent batches/ });
  await expect(
    travelled.getByRole('row').filter({ has: page.locator('td.reached:nth-child(5)') }),
  ).not.toHaveCount(0, { timeout: 60_000 });
  await expect(pipeline.getByTestId('node-gold')).toContainText(/final \d+\.\d s/);
  await page.screenshot({ path: join(shots, 'pipeline-streaming.png'), fullPage: true });
  await pipeline.screenshot({ path: join(shots, 'pipeline-panel.png') });

  await pipeline.getByRole('button', { name: 'Stop pipeline' }).click();
  await expect(pipeline.getByRole('button', { name: 'Run pipeline' })).toBeEnabled({
    timeout: 120_000,
  });
  await expect(pipeline.getByTestId('pipeline-state')).toHaveText('stopped');
  const status = sparkStatusSchema.parse((await app.call('/api/spark')).body);
  expect(status.jobs[0]).toMatchObject({ job: 'pipeline', state: 'stopped', exit_code: 0 });
  expect(status.jobs[0]?.summary).toBe('pipeline: stopped');

  // What it caught, against the generator's ledger for the same batches: every defect.
  const view = pipelineViewSchema.parse((await app.call('/api/pipeline')).body);
  expect(view.layers.gold.batches).toBeGreaterThan(0);
  expect(view.layers.silver.rows ?? 0).toBeGreaterThan(0);
  for (const rule of view.rules) expect(rule.caught, rule.rule).toBe(rule.injected);

  await viaRail(page, 'Spark');
  await spark.getByRole('button', { name: 'Stop Spark' }).click();
  await expect(spark.getByTestId('spark-state')).toHaveText('stopped', { timeout: 60_000 });
});
