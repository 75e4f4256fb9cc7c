// The README's quick start exactly as a user types it: in a copy of the repository (so
// `../data` is a new folder), with no image or data variables in the environment,
// `cd docker && docker compose --profile all up -d` through bash. Compose builds nothing here:
// setup.sh ran `docker compose --profile all build` on the stand-ins tagged under the official
// names, so this measures the warm start. all-in-docker.spec.ts covers the API's snippets,
// signals and the bronze job over the same stack; this one covers what the quick start
// promises a student: the cluster, the course and the pipeline, and `down` leaving nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  DEFAULT_EXERCISES_DIR,
  loadCourse,
} from '../../../electron/service/classroom/exercises.ts';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { waitFor } from '../../../electron/testing/serve.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import { docker, projectLeftovers } from './engine.ts';

const QUICK_START = 'cd docker && docker compose --profile all up -d';
const DASHBOARD = 'http://127.0.0.1:18000';
const MASTER_UI = 'http://127.0.0.1:17080';
let scratch: string;
const figures: Record<string, number> = {};

test.describe.configure({ mode: 'serial' });

/** The environment of a user's shell: none of the variables the lane's other specs set. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(SPARK_|GENERATOR_|NOTEBOOK_|COMPOSE_)/.test(name),
    ),
  );
}

/** A command line typed into bash at the root of the repository's copy. */
function typed(line: string, timeoutMs = 300_000) {
  const result = spawnSync('bash', ['-c', line], {
    cwd: scratch,
    encoding: 'utf8',
    env: userEnv(),
    timeout: timeoutMs,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** The repository's files as a clone has them (tracked, plus new ones not ignored). */
function copyRepository(to: string): void {
  const listed = spawnSync(
    'git',
    ['-C', REPO_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { encoding: 'utf8' },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(REPO_ROOT, file);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(from, join(to, file));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function api(path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(DASHBOARD + path, init);
  return { status: response.status, body: await response.json() };
}

async function answering<T>(url: string, read: (body: T) => boolean): Promise<T | undefined> {
  try {
    const response = await fetch(url);
    if (!response.ok) return undefined;
    const body = (await response.json()) as T;
    return read(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

test.beforeAll(() => {
  expect(projectLeftovers(), 'no stack of this project may run before the lane').toEqual([]);
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-quick-start-'));
  copyRepository(scratch);
  expect(existsSync(join(scratch, 'data')), 'the copy has no data folder yet').toBe(false);
  // Warm images: compose's own names, built by setup.sh (else `up -d` would build them here).
  const images = typed('cd docker && docker compose --profile all config --images');
  expect(images.code, images.out).toBe(0);
  for (const image of new Set(images.out.trim().split('\n')))
    expect(
      docker(['image', 'inspect', image]).code,
      `${image} is not built (sudo bash docker/tests/engine/setup.sh)`,
    ).toBe(0);
});

test.afterAll(() => {
  if (Object.keys(figures).length) console.log(`quick-start figures: ${JSON.stringify(figures)}`);
  if (scratch) {
    typed('cd docker && docker compose --profile all down --remove-orphans');
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('`cd docker && docker compose --profile all up -d` brings up the generator and Spark', async () => {
  test.setTimeout(240_000);
  const started = Date.now();
  const up = typed(QUICK_START);
  expect(up.code, up.out).toBe(0);
  expect(up.out, 'warm images: compose builds nothing').not.toMatch(/\bBuilding\b|naming to/);
  await waitFor(
    "the generator's /api/health",
    () => answering<{ status: string }>(`${DASHBOARD}/api/health`, (h) => h.status === 'running'),
    120_000,
  );
  figures.up_to_generator_healthy_s = Number(((Date.now() - started) / 1000).toFixed(1));
  const master = await waitFor(
    'an ALIVE worker on the master',
    () =>
      answering<{ workers: Array<{ state: string }> }>(`${MASTER_UI}/json/`, (m) =>
        m.workers.some((w) => w.state === 'ALIVE'),
      ),
    180_000,
  );
  figures.up_to_worker_alive_s = Number(((Date.now() - started) / 1000).toFixed(1));
  expect(master.workers.filter((w) => w.state === 'ALIVE')).toHaveLength(1);
  // What the user waits for before running a job: the Spark panel saying running (the
  // generator sees the cluster through its own checks, a few seconds after the worker).
  await waitFor(
    'the Spark panel to say running',
    () => answering<SparkStatus>(`${DASHBOARD}/api/spark`, (s) => s.state === 'running'),
    120_000,
  );
  figures.up_to_spark_panel_running_s = Number(((Date.now() - started) / 1000).toFixed(1));
  // The data landed in the copy's data/, beside docker/, as the README says.
  expect(existsSync(join(scratch, 'data', 'raw'))).toBe(true);
});

test("the generator's log gives the dashboard's link", async () => {
  // `up -d` prints only container states: `docker compose logs generator` is where it shows.
  const logs = await waitFor('the banner in the log', () => {
    const out = typed('cd docker && docker compose logs generator').out;
    return out.includes('dashboard:') ? out : undefined;
  });
  expect(logs).toContain(`dashboard: ${DASHBOARD}/`);
});

test('the course is there: every exercise listed, and 01-bronze prepares through the API', async () => {
  test.setTimeout(180_000);
  const repoCourse = loadCourse(DEFAULT_EXERCISES_DIR).map((e) => e.id);
  expect(repoCourse).toHaveLength(12);
  const listed = await api('/api/exercises');
  expect(listed.status).toBe(200);
  expect(listed.body.exercises.map((e: { id: string }) => e.id)).toEqual(repoCourse);
  const prepared = await api('/api/exercises/01-bronze/prepare', { method: 'POST' });
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(200);
  expect(prepared.body).toMatchObject({
    id: '01-bronze',
    prepared: true,
    notebook: '/data/exercises/01-bronze/01-bronze.ipynb',
  });
  // On the host: the starter notebook and the exercise's own batches, in the data folder.
  const folder = join(scratch, 'data', 'exercises', '01-bronze');
  expect(existsSync(join(folder, '01-bronze.ipynb'))).toBe(true);
  expect(readdirSync(join(folder, 'raw', 'events')).length).toBeGreaterThan(0);
  const again = (await api('/api/exercises')).body.exercises;
  expect(again.find((e: { id: string }) => e.id === '01-bronze').prepared).toBe(true);
});

test('the streaming pipeline starts from the API and runs in the stack', async () => {
  test.setTimeout(600_000);
  // A fixed backlog while it runs: the lane does not grow longer with it.
  expect((await api('/api/pause', { method: 'POST' })).status).toBe(200);
  const submitted = await api('/api/spark/jobs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ job: 'pipeline' }),
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const id = submitted.body.id as number;
  const job = async () =>
    ((await api('/api/spark')).body as SparkStatus).jobs.find((j) => j.id === id);
  const started = Date.now();
  await waitFor(
    "a batch in the pipeline's silver",
    async () => {
      const running = await job();
      if (running?.state !== 'running') {
        const logs = (await api('/api/spark/logs?limit=40')).body.lines as Array<{ line: string }>;
        throw new Error(
          `the pipeline ${running?.state}: ${running?.summary}\n${logs.map((l) => l.line).join('\n')}`,
        );
      }
      const view = (await api('/api/pipeline')).body;
      return view.layers.silver.batches > 0 ? view : undefined;
    },
    480_000,
  );
  figures.pipeline_first_silver_s = Math.round((Date.now() - started) / 1000);
  const stopping = await api(`/api/spark/jobs/${id}/stop`, { method: 'POST' });
  expect(stopping.status, JSON.stringify(stopping.body)).toBe(202);
  const stopped = await waitFor(
    'the pipeline stopped',
    async () => {
      const j = await job();
      return j && !['running', 'stopping'].includes(j.state) ? j : undefined;
    },
    120_000,
  );
  expect(stopped.state).toBe('stopped');
});

test('`docker compose --profile all down` leaves nothing of the project behind', async () => {
  const down = typed('cd docker && docker compose --profile all down');
  expect(down.code, down.out).toBe(0);
  await waitFor('no container, network or volume of the project', () =>
    projectLeftovers().length === 0 ? true : undefined,
  );
  expect(existsSync(join(scratch, 'data', 'raw', 'events')), 'the data stays on the host').toBe(
    true,
  );
});
