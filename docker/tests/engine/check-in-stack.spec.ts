// Check my answer where Spark runs, against a real engine: the app's Docker backend, a host
// python3 without pyspark (a venv first on PATH, proven below), and the checker running in the
// stack's notebook container. 01-bronze fails with its message before the solution's table is
// written and passes after; Open starter notebook's link opens that notebook in the stack's
// JupyterLab, and its token is in no log. The streaming 05-stream-silver (foreachBatch + MERGE
// into Delta) in two parts there: Prepare, its solution run in the notebook container, no check
// before Release more data, then the solution again in a fresh kernel (restarted from its
// checkpoint) and a passed check of a Delta table. Notebooks run on the cluster (spark://…).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { type Served, serve, waitFor } from '../../../electron/testing/serve.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import {
  bundledCli,
  docker,
  engineAnswers,
  installBundledApp,
  PROJECT,
  projectLeftovers,
  userDataDir,
} from './engine.ts';
import {
  committedBatches,
  deltaRows,
  filesWithTimes,
  NOTEBOOK_CONTAINER,
  runSolutionInStack,
  sourceBatches,
} from './stack-notebook.ts';

const asUser = process.getuid?.() === 0;
/** The master a notebook's session attaches to in the stack (the compose service's environment). */
const SPARK_MASTER = 'spark://spark-master:7077';
const STREAM = '05-stream-silver';
let app: string;
let data: string;
let venv: string;
let server: Served;
const savedPath = process.env.PATH;

test.describe.configure({ mode: 'serial' });

async function spark(): Promise<SparkStatus> {
  return (await server.call('/api/spark')).body;
}

type Card = {
  passed: boolean;
  table: string;
  format: string | null;
  checks: Array<{ message: string }>;
};

async function checkBronze(): Promise<Card> {
  const { status, body } = await server.call('/api/exercises/01-bronze/check', {
    method: 'POST',
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function post(path: string) {
  return server.call(path, { method: 'POST' });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  expect(engineAnswers(), 'the Docker engine must run (docker/tests/engine/setup.sh)').toBe(true);
  expect(projectLeftovers(), 'no stack of this project may run before the lane').toEqual([]);
  // A host python3 without pyspark, first on PATH for this process and what it starts.
  venv = mkdtempSync(join(tmpdir(), 'spark-exp-no-pyspark-'));
  chmodSync(venv, 0o755);
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  process.env.PATH = `${join(venv, 'bin')}:${process.env.PATH}`;
  delete process.env.PYTHONPATH;
  delete process.env.SPARK_HOME;
  const which = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' });
  expect(which.stdout.trim()).toBe(join(venv, 'bin', 'python3'));
  const probe = spawnSync('python3', ['-c', 'import pyspark'], { encoding: 'utf8' });
  expect(probe.status).not.toBe(0);
  expect(probe.stderr).toContain("No module named 'pyspark'");
  app = await installBundledApp();
  // The course ships beside docker/ in the installed app.
  if (!existsSync(join(app, 'exercises')))
    cpSync(join(REPO_ROOT, 'exercises'), join(app, 'exercises'), { recursive: true });
  data = userDataDir(asUser);
  server = await serve(['--preset', 'emulated-5s', '--data-dir', data], bundledCli(app, asUser));
});

test.afterAll(async () => {
  await server?.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
  await server?.stop();
  docker(['compose', '-p', PROJECT, 'down', '--remove-orphans']);
  process.env.PATH = savedPath;
  for (const dir of [app, data, venv]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Start Spark brings the notebook service up healthy beside the cluster', async () => {
  test.setTimeout(420_000);
  const up = await server.call('/api/spark/up', { method: 'POST', json: { backend: 'docker' } });
  expect(up.status, JSON.stringify(up.body)).toBe(202);
  const running = await waitFor(
    'Spark running with a healthy notebook service',
    async () => {
      const s = await spark();
      if (s.state === 'error') throw new Error(s.message);
      return s.state === 'running' && s.notebook.state === 'healthy' ? s : undefined;
    },
    400_000,
  );
  expect(running.notebook.url).toBe('http://127.0.0.1:18888/lab');
  expect(running.services.find((s) => s.service === 'notebook')?.health).toBe('healthy');
});

test('Check my answer runs in the stack: no table yet is a failed scorecard that says so', async () => {
  test.setTimeout(300_000);
  const card = await checkBronze();
  expect(card.passed).toBe(false);
  expect(card.checks[0]?.message).toMatch(/there is no table at .*lake\/bronze/);
  // Named as this machine sees it, though the checker read /data/… in the container.
  expect(card.table).toBe(join(data, 'exercises', '01-bronze', 'lake', 'bronze'));
  expect(existsSync(join(data, 'exercises', '01-bronze', '.answers', 'events.csv'))).toBe(true);
});

test("passes once the reference solution's table is written (in the stack too)", async () => {
  test.setTimeout(600_000);
  // The notebook service's own Python and kernel, as a student's notebook runs there (as the
  // app's user, named as the checker's runs are).
  const ran = await runSolutionInStack('01-bronze');
  expect(ran.status, ran.output).toBe(0);
  // The notebook's session is the cluster's (SPARK_EXPERIMENTS_MASTER of the compose service).
  expect(ran.master, ran.output).toBe(SPARK_MASTER);
  const card = await checkBronze();
  expect(card.passed, JSON.stringify(card.checks)).toBe(true);
});

test("Open starter notebook's link opens that notebook in the stack's JupyterLab; its token is in no log", async () => {
  const { status, body } = await server.call('/api/exercises/01-bronze/notebook', {
    method: 'POST',
  });
  expect(status, JSON.stringify(body)).toBe(200);
  const url = new URL(body.url);
  expect(url.origin).toBe('http://127.0.0.1:18888');
  expect(url.pathname).toBe('/lab/tree/exercises/01-bronze/01-bronze.ipynb');
  const token = url.searchParams.get('token') ?? '';
  expect(token).toMatch(/^[0-9a-f]{16,}$/);
  const contents = await fetch(
    `${url.origin}/api/contents/exercises/01-bronze/01-bronze.ipynb?token=${token}`,
  );
  expect(contents.status).toBe(200);
  expect(((await contents.json()) as { type: string }).type).toBe('notebook');
  expect(server.output().includes(token)).toBe(false);
  const logs = (await server.call('/api/logs?limit=1000')).body;
  expect(JSON.stringify(logs).includes(token)).toBe(false);
  const containerLogs = docker(['logs', NOTEBOOK_CONTAINER]);
  expect(`${containerLogs.stdout}${containerLogs.stderr}`.includes(token)).toBe(false);
});

test.describe('05-stream-silver in the stack, in two parts', () => {
  const folder = () => join(data, 'exercises', STREAM);
  const table = () => join(folder(), 'lake', 'silver');
  const checkpoint = () => join(folder(), 'checkpoints', 'silver');
  const rawBatches = () => readdirSync(join(folder(), 'raw', 'events')).sort();
  let firstRows = 0;
  let firstBatches: number[] = [];
  let firstPart: string[] = [];
  let firstCheckpoint = new Map<string, number>();

  test('Prepare, the solution on the first part in the notebook container; no check before the release', async () => {
    test.setTimeout(600_000);
    const prepared = await post(`/api/exercises/${STREAM}/prepare`);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(200);
    expect(prepared.body).toMatchObject({
      prepared: true,
      streaming: true,
      released: false,
      folder: folder(),
      table_path: table(),
    });
    const ran = await runSolutionInStack(STREAM);
    expect(ran.status, ran.output).toBe(0);
    expect(ran.master, ran.output).toBe(SPARK_MASTER);
    // A Delta table, written through the container's /data into this machine's data folder.
    expect(existsSync(join(table(), '_delta_log')), ran.output).toBe(true);
    firstRows = deltaRows(table());
    expect(firstRows).toBeGreaterThan(0);
    firstBatches = committedBatches(checkpoint());
    expect(firstBatches.length).toBeGreaterThan(0);
    // Its micro-batches read the first part's batches, all of them.
    firstPart = rawBatches();
    expect(firstPart.length).toBeGreaterThan(0);
    expect([...sourceBatches(checkpoint()).values()].flat().sort()).toEqual(firstPart);
    firstCheckpoint = filesWithTimes(checkpoint());
    const early = await post(`/api/exercises/${STREAM}/check`);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.error).toBe('release_first');
  });

  test('Release more data, the solution again in a fresh kernel from its checkpoint: the check passes', async () => {
    test.setTimeout(600_000);
    const release = await post(`/api/exercises/${STREAM}/release`);
    expect(release.status, JSON.stringify(release.body)).toBe(200);
    expect(release.body.released).toBe(true);
    const ran = await runSolutionInStack(STREAM);
    expect(ran.status, ran.output).toBe(0);
    expect(ran.master, ran.output).toBe(SPARK_MASTER);
    // Restarted from its checkpoint: the first run's files there untouched (a query started
    // afresh would write them again), new micro-batches after its own that read exactly the
    // released batches.
    const after = filesWithTimes(checkpoint());
    for (const [file, time] of firstCheckpoint) expect(after.get(file), file).toBe(time);
    const batches = committedBatches(checkpoint());
    expect(batches.slice(0, firstBatches.length)).toEqual(firstBatches);
    expect(batches.length).toBeGreaterThan(firstBatches.length);
    const released = rawBatches().filter((b) => !firstPart.includes(b));
    expect(released.length).toBeGreaterThan(0);
    const read = sourceBatches(checkpoint());
    const readNow = batches.slice(firstBatches.length).flatMap((b) => read.get(b) ?? []);
    expect(readNow.sort()).toEqual(released);
    expect(deltaRows(table())).toBeGreaterThan(firstRows);
    const { status, body } = await post(`/api/exercises/${STREAM}/check`);
    expect(status, JSON.stringify(body)).toBe(200);
    const card = body as Card;
    expect(card.passed, JSON.stringify(card.checks)).toBe(true);
    expect(card.table).toBe(table());
    expect(card.format).toBe('delta');
  });
});
