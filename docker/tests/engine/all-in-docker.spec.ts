// The seed's quick start, against a real engine: `cd docker && docker compose --profile all up -d`
// runs the generator (image from docker/Dockerfile) next to Spark, with the data in a folder
// on the host that does not exist yet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { sleep, waitFor } from '../../../electron/testing/serve.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import {
  docker,
  GENERATOR_IMAGE,
  NOTEBOOK_IMAGE,
  owners,
  projectLeftovers,
  SPARK_BASE_IMAGE,
  SPARK_IMAGE,
} from './engine.ts';

const URL_BASE = 'http://127.0.0.1:18000';
const shots = join(import.meta.dirname, 'output');
let scratch: string;
let data: string;
const figures: Record<string, number> = {};

test.describe.configure({ mode: 'serial' });

/** `docker compose` in docker/, as a user types it, with the lane's images and data folder. */
function compose(args: string[]) {
  const result = spawnSync('docker', ['compose', ...args], {
    cwd: join(REPO_ROOT, 'docker'),
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      SPARK_IMAGE,
      SPARK_BASE_IMAGE,
      GENERATOR_IMAGE,
      NOTEBOOK_IMAGE,
      SPARK_EXPERIMENTS_DATA: data,
    },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Body = any;

async function api(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; body: Body }> {
  const response = await fetch(URL_BASE + path, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

function firstBatch(): string | undefined {
  const events = join(data, 'raw', 'events');
  if (!existsSync(events)) return undefined;
  return readdirSync(events).find(
    (name) => !name.startsWith('.') && existsSync(join(events, name, 'batch_meta.json')),
  );
}

test.beforeAll(() => {
  expect(projectLeftovers(), 'no stack of this project may run before the lane').toEqual([]);
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-all-'));
  data = join(scratch, 'data');
});

test.afterAll(() => {
  if (Object.keys(figures).length) console.log(`engine-lane figures: ${JSON.stringify(figures)}`);
  compose(['--profile', 'all', 'down', '--remove-orphans']);
  rmSync(scratch, { recursive: true, force: true });
});

test('`docker compose --profile all up -d` writes batches into a new folder on the host', async () => {
  const started = Date.now();
  const up = compose(['--profile', 'all', 'up', '-d']);
  expect(up.code, up.out).toBe(0);
  await waitFor('the first batch on disk', firstBatch, 120_000);
  figures.up_to_first_batch_s = Number(((Date.now() - started) / 1000).toFixed(1));
  figures.generator_image_mb = Math.round(
    Number(docker(['image', 'inspect', '-f', '{{.Size}}', GENERATOR_IMAGE]).stdout) / 1e6,
  );
  // Docker made the folder as root; data-init handed it to the containers' user (1000).
  expect(statSync(data).uid).toBe(1000);
  const generator = JSON.parse(docker(['inspect', 'spark-experiments-generator-1']).stdout)[0];
  expect(generator.Config.User).toBe('1000:1000');
  // Published on the host's 127.0.0.1 only.
  expect(generator.HostConfig.PortBindings['18000/tcp']).toEqual([
    { HostIp: '127.0.0.1', HostPort: '18000' },
  ]);
});

test("the seed README's snippets (docs/api.md) work unchanged, without a token", async () => {
  const readme = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
  const block = /The snippets of the earlier version[^`]*```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  const snippets = (block ?? '').trim().split('\n');
  expect(snippets.length).toBe(6);
  const outputs = snippets.map((line) => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', line], { encoding: 'utf8' });
    expect(r.status, `${line}\n${r.stderr}`).toBe(0);
    return r.stdout.trim();
  });
  expect(outputs[0]).toBe('"running"');
  expect(outputs[1]).toBe('"paused"');
  expect(Number(outputs[2])).toBeGreaterThan(0);
  expect(JSON.parse(outputs[3] as string)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^companies:/)]),
  );
  expect(outputs[4]).toMatch(/"level": "info"/);
  expect(JSON.parse(outputs[5] as string).mode).toBe('emulated');
});

test('the Host and Origin rules still hold inside the container', async () => {
  const forged = spawnSync(
    'curl',
    [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      'Host: evil.example:18000',
      `${URL_BASE}/api/health`,
    ],
    { encoding: 'utf8' },
  );
  expect(forged.stdout).toBe('403');
  const cross = await api('/api/pause', {
    method: 'POST',
    headers: { Origin: 'http://evil.example' },
  });
  expect(cross.status).toBe(403);
  expect(cross.body.error).toBe('forbidden_origin');
  expect([...cross.headers.keys()].some((h) => h.startsWith('access-control-'))).toBe(false);
  expect((await api('/api/health')).body.status).toBe('running');
});

test('`docker compose kill -s SIGUSR1 generator` pauses and SIGUSR2 resumes', async () => {
  expect(compose(['kill', '-s', 'SIGUSR1', 'generator']).code).toBe(0);
  await waitFor('paused', async () =>
    (await api('/api/health')).body.status === 'paused' ? true : undefined,
  );
  expect(compose(['kill', '-s', 'SIGUSR2', 'generator']).code).toBe(0);
  await waitFor('running', async () =>
    (await api('/api/health')).body.status === 'running' ? true : undefined,
  );
  const logs = (await api('/api/logs?limit=50')).body.entries.map(
    (e: { message: string }) => e.message,
  );
  expect(logs).toEqual(
    expect.arrayContaining(['received SIGUSR1: pausing', 'received SIGUSR2: resuming']),
  );
});

test("the generator's Spark panel runs jobs in the Spark containers of the same project", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const status = await waitFor(
    'attached Spark with a worker',
    async () => {
      const s = (await api('/api/spark')).body as SparkStatus;
      return s.state === 'running' && (s.master?.alive_workers ?? 0) >= 1 ? s : undefined;
    },
    180_000,
  );
  expect(status.backend).toBe('attached');
  // The Spark panel lives in the Spark view (its own address since the navigation rail).
  await page.goto(`${URL_BASE}/#/spark`);
  const panel = page.getByRole('region', { name: 'Spark' });
  await expect(panel.getByTestId('spark-state')).toHaveText('running');
  await expect(panel.getByTestId('spark-workers')).toContainText('1 alive');
  await expect(panel.getByRole('button', { name: 'Start Spark' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Run bronze' })).toBeEnabled();
  // Compose owns the cluster here: the API says so instead of trying.
  const refused = await api('/api/spark/down', { method: 'POST' });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe('managed_by_compose');
  await panel.getByRole('button', { name: 'Run bronze' }).click();
  const done = await waitFor(
    'bronze to finish',
    async () => {
      const s = (await api('/api/spark')).body as SparkStatus;
      const job = s.jobs[0];
      return job && job.state !== 'running' ? job : undefined;
    },
    480_000,
  );
  expect(done.state, JSON.stringify((await api('/api/spark/logs?limit=40')).body)).toBe(
    'succeeded',
  );
  expect(done.summary).toMatch(/^bronze: ingested [1-9]\d* lines/);
  await expect(panel.locator('.jobs')).toContainText('bronze: succeeded');
  await page.screenshot({ path: join(shots, 'spark-attached.png'), fullPage: true });
  expect(existsSync(join(data, 'lake', 'bronze', '_spark_metadata'))).toBe(true);
});

test('`docker compose --profile all down` leaves the data on the host, owned by the containers user, and nothing of the project', async () => {
  const down = compose(['--profile', 'all', 'down']);
  expect(down.code, down.out).toBe(0);
  await sleep(500);
  expect(projectLeftovers()).toEqual([]);
  expect(firstBatch()).toBeDefined();
  expect(owners(data).filter((o) => o.uid !== 1000)).toEqual([]);
});
