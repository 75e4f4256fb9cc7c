// The app's Docker backend against a real engine, through the HTTP API and the dashboard:
// the bundled app, installed outside the repository, run by an ordinary user (when the lane
// runs as root) over a data folder that user owns, with the uid-185 Spark image.
import { rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type Served, serve, waitFor } from '../../../electron/testing/serve.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import {
  bundledCli,
  docker,
  engineAnswers,
  installBundledApp,
  lakeCounts,
  owners,
  PROJECT,
  projectLeftovers,
  SPARK_IMAGE,
  startEngine,
  stopEngine,
  TEST_USER,
  userDataDir,
} from './engine.ts';

const asUser = process.getuid?.() === 0;
const shots = join(import.meta.dirname, 'output');
let app: string;
let data: string;
let server: Served;
const figures: Record<string, number> = {};

test.describe.configure({ mode: 'serial' });

async function spark(): Promise<SparkStatus> {
  return (await server.call('/api/spark')).body;
}

async function untilSpark(what: string, check: (s: SparkStatus) => boolean, timeoutMs = 240_000) {
  return waitFor(
    what,
    async () => {
      const status = await spark();
      return check(status) ? status : undefined;
    },
    timeoutMs,
  );
}

async function runJob(job: string) {
  const submitted = await server.call('/api/spark/jobs', { method: 'POST', json: { job } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const finished = await untilSpark(
    `job ${job}`,
    (s) => s.jobs.find((j: { id: number }) => j.id === submitted.body.id)?.state !== 'running',
    600_000,
  );
  const record = finished.jobs.find((j: { id: number }) => j.id === submitted.body.id);
  if (!record) throw new Error(`job ${job} is missing from /api/spark`);
  if (record.state !== 'succeeded') {
    const logs = (await server.call('/api/spark/logs?limit=60')).body.lines;
    throw new Error(
      `${job} ${record.state}:\n${logs
        .map((l: { line: string }) => l.line)
        .reverse()
        .join('\n')}`,
    );
  }
  return record;
}

async function sparkPanel(page: Page) {
  // The Spark panel lives in the Spark view (its own address since the navigation rail).
  await page.goto(`${server.url}/#/spark`);
  return page.getByRole('region', { name: 'Spark' });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  expect(engineAnswers(), 'the Docker engine must run (docker/tests/engine/setup.sh)').toBe(true);
  expect(projectLeftovers(), 'no stack of this project may run before the lane').toEqual([]);
  app = await installBundledApp();
  data = userDataDir(asUser);
  server = await serve(['--preset', 'emulated-5s', '--data-dir', data], bundledCli(app, asUser));
});

test.afterAll(async () => {
  await server?.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
  await server?.stop();
  if (Object.keys(figures).length) console.log(`engine-lane figures: ${JSON.stringify(figures)}`);
  docker(['compose', '-p', PROJECT, 'down', '--remove-orphans']);
  rmSync(app, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

test('readiness reports the engine and the compose plugin as ready', async () => {
  const status = await spark();
  expect(status.backends.docker.state).toBe('ready');
  expect(status.backends.docker.version).toMatch(/^v?2\.\d+/);
  expect(status.state).toBe('stopped');
});

test('a taken port 17080 is reported before anything starts', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(17080, '127.0.0.1', resolve));
  try {
    const up = await server.call('/api/spark/up', { method: 'POST', json: { backend: 'docker' } });
    expect(up.status).toBe(409);
    expect(up.body).toMatchObject({
      error: 'port_in_use',
      message: expect.stringMatching(/^port 17080 is taken/),
    });
    expect(projectLeftovers()).toEqual([]);
  } finally {
    blocker.close();
  }
});

test('Start Spark brings the stack to one alive worker, run as the app user from the stack copy', async ({
  page,
}) => {
  const up = await server.call('/api/spark/up', { method: 'POST', json: { backend: 'docker' } });
  expect(up.status, JSON.stringify(up.body)).toBe(202);
  expect(up.body.backend).toBe('docker');
  const running = await untilSpark(
    'one alive worker',
    (s) => s.state === 'running' && (s.master?.alive_workers ?? 0) >= 1,
  );
  figures.start_to_alive_worker_s = running.ready_seconds ?? Number.NaN;
  const stackDir = running.stack_dir ?? '';
  expect(
    running.services
      .map((s: { service: string; health: string }) => `${s.service}:${s.health}`)
      .sort(),
  ).toEqual(['notebook:healthy', 'spark-master:healthy', 'spark-worker:healthy']);
  // Every mount comes from the data folder or the stack copy inside it, none from the app.
  expect(stackDir.startsWith(join(data, '.stack', 'stack-'))).toBe(true);
  for (const name of ['spark-master', 'spark-worker']) {
    const container = `${PROJECT}-${name}-1`;
    const inspect = JSON.parse(docker(['inspect', container]).stdout)[0];
    expect(inspect.Config.Image).toBe(SPARK_IMAGE);
    expect(inspect.Config.User).toBe(
      asUser ? `${TEST_USER.uid}:${TEST_USER.gid}` : `${process.getuid?.()}:${process.getgid?.()}`,
    );
    const sources = inspect.Mounts.map((m: { Source: string }) => m.Source);
    expect(sources.sort()).toEqual([data, join(stackDir, 'spark')].sort());
  }
  const panel = await sparkPanel(page);
  await expect(panel.getByTestId('spark-state')).toHaveText('running');
  await expect(panel.getByTestId('spark-workers')).toContainText('1 alive');
  await expect(panel.getByRole('button', { name: 'Stop Spark' })).toBeEnabled();
  await page.screenshot({ path: join(shots, 'spark-docker-running.png'), fullPage: true });
});

test('the streaming pipeline runs in the stack on the Delta jars baked into its image, and stops when asked', async () => {
  test.setTimeout(600_000);
  // A fixed backlog while it runs (serve resumes after): the lane does not grow longer with it.
  expect((await server.call('/api/pause', { method: 'POST' })).status).toBe(200);
  try {
    await pipelineRunsAndStops();
  } finally {
    await server.call('/api/resume', { method: 'POST' });
  }
});

async function pipelineRunsAndStops() {
  const submitted = await server.call('/api/spark/jobs', {
    method: 'POST',
    json: { job: 'pipeline' },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const id = submitted.body.id as number;
  const again = await server.call('/api/spark/jobs', { method: 'POST', json: { job: 'pipeline' } });
  expect(again.status).toBe(409);
  expect(again.body.error).toBe('pipeline_running');
  const started = Date.now();
  // Early in the lane (few batches yet); silver is enough here: the local backend's e2e and
  // docker/tests/test_pipeline.py follow batches through gold.
  await waitFor(
    "a batch in the pipeline's silver",
    async () => {
      const job = (await spark()).jobs.find((j) => j.id === id);
      if (job?.state !== 'running') throw new Error(`the pipeline ${job?.state}: ${job?.summary}`);
      const view = (await server.call('/api/pipeline')).body;
      return view.layers.silver.batches > 0 ? view : undefined;
    },
    420_000,
  );
  figures.pipeline_first_silver_s = Math.round((Date.now() - started) / 1000);
  const stopping = await server.call(`/api/spark/jobs/${id}/stop`, { method: 'POST' });
  expect(stopping.status).toBe(202);
  expect(stopping.body.state).toBe('stopping');
  const stopped = await untilSpark(
    'the pipeline stopped',
    (s) => !['running', 'stopping'].includes(s.jobs.find((j) => j.id === id)?.state ?? ''),
    120_000,
  );
  expect(stopped.jobs.find((j) => j.id === id)).toMatchObject({
    state: 'stopped',
    exit_code: 0,
    summary: 'pipeline: stopped',
  });
  const view = (await server.call('/api/pipeline')).body;
  for (const rule of view.rules) expect(rule.caught, rule.rule).toBe(rule.injected);
  // Nothing fetched at run time: no ivy resolution in the job's output.
  const lines = (await server.call('/api/spark/logs?limit=1000')).body.lines as Array<{
    source: string;
    line: string;
  }>;
  const pipelineLines = lines.filter((l) => l.source === 'job-pipeline').map((l) => l.line);
  expect(pipelineLines.length).toBeGreaterThan(0);
  expect(pipelineLines.filter((l) => /ivy|resolving dependencies|downloading/i.test(l))).toEqual(
    [],
  );
  // The driver is gone from the container, and the tables are the app user's.
  const left = docker(['exec', `${PROJECT}-spark-master-1`, 'pgrep', '-f', 'jobs/pipeline.py']);
  expect(left.stdout.trim()).toBe('');
  const uid = asUser ? TEST_USER.uid : process.getuid?.();
  expect(owners(join(data, 'lake', 'delta')).filter((o) => o.uid !== uid)).toEqual([]);
}

test('bronze, silver and gold run inside the stack over data that serve is writing', async () => {
  test.setTimeout(900_000);
  const before = (await server.call('/api/health')).body.driver_batches;
  expect(before).toBeGreaterThan(0);
  const bronze = await runJob('bronze');
  expect(bronze.summary).toMatch(/^bronze: ingested \d+ lines/);
  await runJob('silver');
  await runJob('gold');
  const after = (await server.call('/api/health')).body.driver_batches;
  expect(after, 'serve kept writing while the jobs ran').toBeGreaterThan(before);
  const counts = lakeCounts(data);
  expect(counts.batches_in_bronze as number).toBeGreaterThanOrEqual(before);
  expect(counts.bronze_mismatched_batches).toEqual([]);
  expect(counts.bronze_rows).toBe(counts.record_count_of_ingested);
  expect(counts.silver_distinct_events).toBe(counts.event_count_of_ingested);
  expect(counts.silver_rows).toBe(counts.silver_distinct_events);
  expect(counts.quarantine_equals_quality_files).toBe(true);
  expect(counts.quarantine_rows as number).toBeGreaterThan(0);
  expect(counts.gold_events).toBe(counts.silver_rows);
  expect(counts.gold_delivered).toBe(counts.silver_delivered);
  // What Spark wrote belongs to the app's user, not to the image's uid 185.
  const uid = asUser ? TEST_USER.uid : process.getuid?.();
  const foreign = owners(join(data, 'lake')).filter((o) => o.uid !== uid);
  expect(foreign).toEqual([]);
});

test('restart brings the stack back to one alive worker', async () => {
  const restarted = await server.call('/api/spark/restart', { method: 'POST' });
  expect(restarted.status, JSON.stringify(restarted.body)).toBe(202);
  await untilSpark(
    'running again',
    (s) => s.state === 'running' && (s.master?.alive_workers ?? 0) >= 1,
  );
});

test('the stack outlives the app, and the next start of the app takes it over', async () => {
  await server.stop();
  // The cluster and its notebook keep running after the app has gone.
  expect(
    projectLeftovers()
      .filter((l) => l.startsWith('container'))
      .map((l) => l.replace(/^container spark-experiments-(.+)-\d+$/, '$1'))
      .sort(),
  ).toEqual(['notebook', 'spark-master', 'spark-worker']);
  server = await serve(['--data-dir', data], bundledCli(app, asUser));
  const adopted = await untilSpark(
    'the running stack taken over',
    (s) => s.state === 'running' && s.backend === 'docker',
    60_000,
  );
  expect(adopted.master?.alive_workers).toBe(1);
});

test('a stopped engine shows as engine not running, and Spark comes back with the engine', async ({
  page,
}) => {
  test.setTimeout(400_000);
  const panel = await sparkPanel(page);
  await expect(panel.getByTestId('spark-state')).toHaveText('running');
  await stopEngine();
  try {
    const down = await untilSpark(
      'engine_not_running',
      (s) => s.error_code === 'engine_not_running',
      60_000,
    );
    expect(down.state).toBe('error');
    expect(down.message).toMatch(/Docker engine is not running/);
    await expect(panel.getByTestId('spark-state')).toHaveText('error', { timeout: 30_000 });
    await expect(panel.getByTestId('spark-message')).toContainText('Docker engine is not running');
    await expect(panel.getByRole('button', { name: 'Start Spark' })).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Start Spark' })).toBeDisabled();
    await page.screenshot({ path: join(shots, 'spark-docker-engine-down.png'), fullPage: true });
    // The generator is not affected.
    expect((await server.call('/api/health')).body.status).toBe('running');
  } finally {
    await startEngine();
  }
  const back = await untilSpark(
    'running after the engine came back',
    (s) => s.state === 'running' && (s.master?.alive_workers ?? 0) >= 1,
  );
  expect(back.error_code).toBeNull();
  await expect(panel.getByTestId('spark-state')).toHaveText('running', { timeout: 30_000 });
});

test('Stop Spark leaves no container, network or volume of the project', async () => {
  const started = Date.now();
  const down = await server.call('/api/spark/down', { method: 'POST' });
  figures.down_s = Number(((Date.now() - started) / 1000).toFixed(1));
  expect(down.body.state).toBe('stopped');
  expect(projectLeftovers()).toEqual([]);
});

test('Clean data afterwards deletes everything Spark and the generator wrote', async () => {
  expect((await server.call('/api/pause', { method: 'POST' })).body.success).toBe(true);
  const clean = await server.call('/api/clean', { method: 'POST' });
  expect(clean.status, JSON.stringify(clean.body)).toBe(200);
  expect(clean.body.errors).toEqual([]);
  expect(clean.body.deleted_items.some((p: string) => p.includes('lake'))).toBe(true);
  // Nothing generated is left: no file under raw/ or lake/ (the service keeps their empty
  // folders and its paused state), and nothing that belongs to another user.
  const left = owners(data).map((o) => ({ ...o, path: o.path.slice(data.length + 1) }));
  const files = left.filter(
    (o) => /^(raw|lake)\//.test(o.path) && !statSync(join(data, o.path)).isDirectory(),
  );
  expect(files).toEqual([]);
  const uid = asUser ? TEST_USER.uid : process.getuid?.();
  expect(left.filter((o) => o.uid !== uid)).toEqual([]);
});
