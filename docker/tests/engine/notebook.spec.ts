// The stack's notebook service against a real engine: Start Spark (the app's, as an ordinary
// user) brings JupyterLab up healthy beside the cluster; then, through the Jupyter server's
// own REST API and a kernel over its WebSocket, the prepared starter of 01-bronze with a
// correct solution cell passes check() in the stack, and a wrong one fails with its message.
// The host's python3 has no pyspark here (a venv without it first on PATH): Spark and the
// checker run in the stack only. Also: the token is in no log, the port answers on
// 127.0.0.1 only, and a request without the token is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { type Served, serve, waitFor } from '../../../electron/testing/serve.ts';
import {
  bundledCli,
  docker,
  engineAnswers,
  installBundledApp,
  NOTEBOOK_IMAGE,
  PROJECT,
  projectLeftovers,
  TEST_USER,
  userDataDir,
} from './engine.ts';
import { cellSource, JupyterClient, type NotebookCell } from './jupyter.ts';

const asUser = process.getuid?.() === 0;
const NOTEBOOK = 'exercises/01-bronze/01-bronze.ipynb';
const JUPYTER = 'http://127.0.0.1:18888';
let app: string;
let data: string;
let venv: string;
let server: Served;
let jupyter: JupyterClient;
const figures: Record<string, number> = {};

test.describe.configure({ mode: 'serial' });

/** The reference solution's cell of 01-bronze (what a student who solved it wrote). */
function referenceSolution(): string {
  const nb = JSON.parse(
    readFileSync(join(REPO_ROOT, 'exercises', 'solutions', '01-bronze.ipynb'), 'utf8'),
  ) as { cells: NotebookCell[] };
  const cell = nb.cells.find((c) => c.metadata?.tags?.includes('solution'));
  if (!cell) throw new Error('the reference solution has no solution cell');
  return cellSource(cell);
}

/** The notebook's cells with the solution cell replaced by `solution`. */
function withSolution(cells: NotebookCell[], solution: string): NotebookCell[] {
  const solutionCells = cells.filter((c) => c.metadata?.tags?.includes('solution'));
  expect(solutionCells).toHaveLength(1);
  return cells.map((c) =>
    c.metadata?.tags?.includes('solution') ? { ...c, source: solution } : c,
  );
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  expect(engineAnswers(), 'the Docker engine must run (docker/tests/engine/setup.sh)').toBe(true);
  expect(projectLeftovers(), 'no stack of this project may run before the lane').toEqual([]);
  // A host python3 without pyspark, first on PATH for this process and all it starts.
  venv = mkdtempSync(join(tmpdir(), 'spark-exp-no-pyspark-'));
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  process.env.PATH = `${join(venv, 'bin')}:${process.env.PATH}`;
  delete process.env.PYTHONPATH;
  delete process.env.SPARK_HOME;
  app = await installBundledApp();
  data = userDataDir(asUser);
  server = await serve(['--preset', 'emulated-5s', '--data-dir', data], bundledCli(app, asUser));
});

test.afterAll(async () => {
  await server?.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
  await server?.stop();
  if (Object.keys(figures).length) console.log(`engine-lane figures: ${JSON.stringify(figures)}`);
  docker(['compose', '-p', PROJECT, 'down', '--remove-orphans']);
  for (const dir of [app, data, venv]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the host python3 of this test has no pyspark', () => {
  const which = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' });
  expect(which.stdout.trim()).toBe(join(venv, 'bin', 'python3'));
  const probe = spawnSync('python3', ['-c', 'import pyspark'], { encoding: 'utf8' });
  expect(probe.status).not.toBe(0);
  expect(probe.stderr).toContain("No module named 'pyspark'");
});

test('Start Spark brings the notebook service up healthy beside the cluster, its token in .stack/', async () => {
  const started = Date.now();
  const up = await server.call('/api/spark/up', { method: 'POST', json: { backend: 'docker' } });
  expect(up.status, JSON.stringify(up.body)).toBe(202);
  const running = await waitFor(
    'the stack running',
    async () => {
      const s = (await server.call('/api/spark')).body;
      return s.state === 'running' ? s : undefined;
    },
    300_000,
  );
  figures.start_spark_to_running_s = (Date.now() - started) / 1000;
  expect(
    running.services
      .map((s: { service: string; health: string }) => `${s.service}:${s.health}`)
      .sort(),
  ).toEqual(['notebook:healthy', 'spark-master:healthy', 'spark-worker:healthy']);
  const inspect = JSON.parse(docker(['inspect', `${PROJECT}-notebook-1`]).stdout)[0];
  expect(inspect.Config.Image).toBe(NOTEBOOK_IMAGE);
  expect(inspect.Config.User).toBe(
    asUser ? `${TEST_USER.uid}:${TEST_USER.gid}` : `${process.getuid?.()}:${process.getgid?.()}`,
  );
  const tokenFile = join(data, '.stack', 'notebook-token');
  expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  const token = readFileSync(tokenFile, 'utf8');
  expect(token).toMatch(/^[0-9a-f]{48}$/);
  // Neither the container's command line nor its environment holds the token.
  expect(JSON.stringify(inspect)).not.toContain(token);
  jupyter = new JupyterClient(JUPYTER, token);
});

test('a request without the token, or with another, is refused', async () => {
  expect((await jupyter.call('/api/contents', { token: null })).status).toBe(403);
  expect((await jupyter.call('/api/contents', { token: 'f'.repeat(48) })).status).toBe(403);
  expect((await jupyter.call('/api/contents')).status).toBe(200);
  // Health needs no token.
  expect((await jupyter.call('/api', { token: null })).status).toBe(200);
});

test("JupyterLab saves the student's layout and settings (not into the read-only image)", async () => {
  const saved = await jupyter.call('/lab/api/workspaces/lab', {
    method: 'PUT',
    json: { data: {}, metadata: { id: 'lab' } },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(204);
  const setting = await jupyter.call('/lab/api/settings/@jupyterlab/apputils-extension:themes', {
    method: 'PUT',
    json: { raw: '{"theme": "JupyterLab Dark"}' },
  });
  expect(setting.status, JSON.stringify(setting.body)).toBe(204);
  // No "news from Jupyter?" prompt or update check in a classroom (the image's overrides.json).
  const notification = await jupyter.call(
    '/lab/api/settings/@jupyterlab/apputils-extension:notification',
  );
  expect(notification.status).toBe(200);
  // overrides.json changes the defaults the schema carries (the user's own settings stay theirs).
  const defaults = (
    notification.body as { schema: { properties: Record<string, { default?: unknown }> } }
  ).schema.properties;
  expect(defaults.fetchNews?.default).toBe('false');
  expect(defaults.checkForUpdates?.default).toBe(false);
});

test('the notebook port answers on 127.0.0.1 only', async () => {
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a?.address as string);
  expect(others.length, 'this machine has an address besides loopback').toBeGreaterThan(0);
  for (const address of others) {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: address, port: 18888 });
      socket.setTimeout(5000, () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(outcome, `port 18888 on ${address}`).toBe('ECONNREFUSED');
  }
});

test('the prepared starter with a correct solution passes check() in the stack; a wrong one fails with its message', async () => {
  test.setTimeout(600_000);
  const prepared = await server.call('/api/exercises/01-bronze/prepare', { method: 'POST' });
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(200);
  const starter = await jupyter.notebook(NOTEBOOK);
  // Prepare filled in the check command with the data folder.
  expect(cellSource(starter.cells[0] as NotebookCell)).toContain(
    `npm run check -- --exercise 01-bronze --data-dir ${data}`,
  );
  const kernel = await jupyter.startKernel(NOTEBOOK);
  try {
    const started = Date.now();
    const runs = await kernel.runAll(withSolution(starter.cells, referenceSolution()));
    figures.notebook_run_all_s = (Date.now() - started) / 1000;
    for (const run of runs) expect(run.error, `${run.code}\n${run.text}`).toBeNull();
    const setup = runs.find((r) => r.code.includes('session('));
    // The set-up cell resolved the folder as the container sees it.
    expect(setup?.text).toContain('reading /data/exercises/01-bronze/raw/events/');
    const last = runs.at(-1);
    expect(last?.code).toMatch(/^check\(\)/);
    expect(last?.text).toMatch(/^Exercise 01-bronze: PASSED \((\d+) of \1 checks passed\)/);
    // On the stack's cluster, not local[*].
    const master = await kernel.execute('print(spark.sparkContext.master)');
    expect(master.text.trim()).toBe('spark://spark-master:7077');

    // A warm check(), as a student runs it again.
    const warm = Date.now();
    const again = await kernel.execute('check()');
    figures.warm_check_s = (Date.now() - warm) / 1000;
    expect(again.text).toContain('PASSED');

    const wrong = referenceSolution().replace(
      'lines.write',
      'lines.dropDuplicates(["batch_id", "raw"]).write',
    );
    expect(wrong).not.toBe(referenceSolution());
    const failing = await kernel.execute(wrong);
    expect(failing.error).toBeNull();
    const card = await kernel.execute('check()');
    expect(card.text).toMatch(/^Exercise 01-bronze: NOT YET/);
    expect(card.text).toContain('✗ every line exactly once, as written');
    expect(card.text).toMatch(/missed .*duplicate/);
  } finally {
    await kernel.close();
  }
  // What Spark wrote in the stack belongs to the app's user.
  const table = join(data, 'exercises', '01-bronze', 'lake', 'bronze');
  expect(statSync(table).uid).toBe(asUser ? TEST_USER.uid : process.getuid?.());
});

test('the token appears in no log of the stack', async () => {
  const token = readFileSync(join(data, '.stack', 'notebook-token'), 'utf8');
  const logs = docker(['compose', '-p', PROJECT, 'logs', '--no-color']);
  expect(logs.code).toBe(0);
  expect(`${logs.stdout}${logs.stderr}`).toContain('token=...');
  expect(`${logs.stdout}${logs.stderr}`).not.toContain(token);
  for (const service of ['notebook', 'spark-master', 'spark-worker']) {
    const one = docker(['logs', `${PROJECT}-${service}-1`]);
    expect(`${one.stdout}${one.stderr}`).not.toContain(token);
  }
  expect(server.output()).not.toContain(token);
});
