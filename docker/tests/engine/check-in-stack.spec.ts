// Check my answer where Spark runs, against a real engine: the app's Docker backend, a host
// python3 without pyspark (a venv first on PATH, proven below), and the checker running in the
// stack's notebook container. 01-bronze fails with its message before the solution's table is
// written and passes after; Open starter notebook's link opens that notebook in the stack's
// JupyterLab, and its token is in no log.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AS_NAMED_USER } from '../../../electron/service/spark/stack-check.ts';
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

const asUser = process.getuid?.() === 0;
const NOTEBOOK_CONTAINER = `${PROJECT}-notebook-1`;
let app: string;
let data: string;
let venv: string;
let server: Served;
const savedPath = process.env.PATH;

test.describe.configure({ mode: 'serial' });

async function spark(): Promise<SparkStatus> {
  return (await server.call('/api/spark')).body;
}

async function checkBronze() {
  const { status, body } = await server.call('/api/exercises/01-bronze/check', {
    method: 'POST',
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { passed: boolean; table: string; checks: Array<{ message: string }> };
}

/** `docker ARGS` with `input` on its stdin, without blocking the event loop. */
function runWithInput(
  args: string[],
  input: Buffer,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
    child.stdin.end(input);
  });
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
  const folder = '/data/exercises/01-bronze';
  const solution = readFileSync(join(REPO_ROOT, 'exercises', 'solutions', '01-bronze.ipynb'));
  const script = `
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.reads(sys.stdin.read(), as_version=4)
next(c for c in nb.cells if c.source.startswith("DATA_DIR = ")).source = "DATA_DIR = " + json.dumps(sys.argv[1])
NotebookClient(nb, timeout=540, kernel_name="python3", resources={"metadata": {"path": sys.argv[1]}}).execute()
`;
  // The notebook service's own Python and kernel, as a student's notebook runs there (as the
  // app's user, named as the checker's runs are).
  // Not spawnSync: a blocked event loop would keep the API's closed keep-alive socket pooled.
  const ran = await runWithInput(
    ['exec', '-i', NOTEBOOK_CONTAINER, 'bash', '-c', AS_NAMED_USER, 'run', '-c', script, folder],
    solution,
  );
  expect(ran.status, ran.output).toBe(0);
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
