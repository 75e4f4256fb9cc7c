// Docker control against a stand-in `docker` on PATH that answers like the real CLI
// (electron/testing/fake-docker.sh), for every case a user can be in.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { waitFor } from '../../testing/serve.ts';
import { freePort, standInPaths } from '../../testing/stand-in-docker.ts';
import { createLogger, type LogEntry } from '../logs/logger.ts';
import { SparkController } from './spark-controller.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-docker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// The stand-in docker and python3/python without pyspark, so a missing Docker cannot fall back
// to a local Spark in these tests (SPARK_HOME points nowhere either), and only the tools they
// need: a real docker CLI in /usr/bin (the engine lane installs one) stays out of reach.
const paths = standInPaths(scratch);
const noLocalSpark = { SPARK_HOME: join(scratch, 'no-spark') };
// Free ports of the OS's choosing: a Spark that another program runs on this machine (on the
// default ports) must not change the answers.
let freePorts: SparkPorts;
beforeAll(async () => {
  freePorts = {
    masterUi: await freePort(),
    master: await freePort(),
    appUi: await freePort(),
    notebook: await freePort(),
  };
});

function controller(
  mode: string,
  path = paths.withDocker,
  extra: { env?: Record<string, string>; ports?: Partial<SparkPorts> } = {},
) {
  const calls = join(scratch, `calls-${mode}-${Math.random().toString(16).slice(2)}.log`);
  writeFileSync(calls, '');
  const entries: LogEntry[] = [];
  const log = createLogger({
    dir: undefined,
    component: 'spark',
    listeners: [(e) => entries.push(e)],
  });
  const spark = new SparkController({
    dataDir: join(scratch, 'data'),
    log,
    // A PATH without python3 too: no local fallback.
    env: {
      PATH: path,
      ...noLocalSpark,
      FAKE_DOCKER_MODE: mode,
      FAKE_DOCKER_LOG: calls,
      ...extra.env,
    },
    ports: { ...freePorts, ...extra.ports },
  });
  return { spark, calls: () => readFileSync(calls, 'utf8'), entries };
}

describe('Spark with Docker', () => {
  it('tells a missing Docker CLI apart', async () => {
    const { spark } = controller('ready', paths.withoutDocker);
    const { docker } = await spark.backends();
    expect(docker).toMatchObject({ state: 'cli_missing' });
    expect(docker.state !== 'ready' && docker.message).toMatch(/Docker is not installed/);
    await expect(spark.up('docker')).rejects.toMatchObject({
      status: 409,
      code: 'docker_cli_missing',
    });
    await expect(spark.up()).rejects.toMatchObject({
      code: 'no_spark_backend',
      message: expect.stringMatching(/Docker is not installed.*No Spark distribution found/),
    });
  });

  it('tells an engine that is not running apart, with Docker’s own message', async () => {
    const { spark } = controller('engine_down');
    const { docker } = await spark.backends();
    expect(docker.state).toBe('engine_down');
    expect(docker.state !== 'ready' && docker.message).toMatch(
      /start Docker Desktop.*Cannot connect to the Docker daemon/,
    );
  });

  it('tells a missing compose plugin apart', async () => {
    const { spark } = controller('compose_missing');
    const { docker } = await spark.backends();
    expect(docker.state).toBe('compose_missing');
    expect(docker.state !== 'ready' && docker.message).toMatch(
      /install docker-compose-plugin.*unknown command: docker compose/,
    );
  });

  it('names the port in use before starting anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(freePorts.masterUi, '127.0.0.1', () => resolve());
    });
    try {
      const { spark, calls } = controller('ready');
      await expect(spark.up()).rejects.toMatchObject({
        status: 409,
        code: 'port_in_use',
        message: expect.stringMatching(new RegExp(`^port ${freePorts.masterUi} is taken`)),
      });
      expect(calls()).not.toMatch(/ up /);
    } finally {
      blocker.close();
    }
  });

  it('refuses a notebook port held by another program with a 409 naming the port and the setting', async () => {
    const moved = {
      masterUi: await freePort(),
      master: await freePort(),
      appUi: await freePort(),
      notebook: await freePort(),
    };
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(moved.notebook, '127.0.0.1', resolve));
    try {
      const { spark, calls } = controller('ready', undefined, { ports: moved });
      await expect(spark.up()).rejects.toMatchObject({
        status: 409,
        code: 'port_in_use',
        message: `port ${moved.notebook} is taken by another program on 127.0.0.1 (the notebook): set --notebook-port / SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port, or stop that program`,
      });
      expect(calls()).not.toMatch(/ up /);
      // Published by this project's own stack (another data folder's): compose takes it over.
      const ours = controller('ready', undefined, {
        ports: moved,
        env: { FAKE_DOCKER_PORTS: `127.0.0.1:${moved.notebook}->8888/tcp` },
      });
      expect((await ours.spark.up()).state).toBe('starting');
      await ours.spark.down();
    } finally {
      blocker.close();
    }
  });

  it('refuses to start on an engine below the memory floor, naming Docker Desktop’s setting and the figures', async () => {
    const { spark, calls } = controller('ready', undefined, {
      env: { FAKE_DOCKER_MEMTOTAL: String(2 * 1024 ** 3) },
    });
    await expect(spark.up()).rejects.toMatchObject({
      status: 409,
      code: 'engine_memory_low',
      message:
        "the Docker engine has 2.0 GiB of memory; the Spark stack needs at least 3 GiB (6 GiB for its normal size): give Docker more in Docker Desktop's Settings → Resources → Memory, then Start Spark again",
    });
    expect(calls()).not.toMatch(/ up /);
    expect((await spark.status()).state).toBe('stopped');
  });

  it('sizes the stack to the engine and publishes the configured ports', async () => {
    const moved = { masterUi: await freePort(), notebook: await freePort() };
    const small = controller('ready', undefined, {
      env: { FAKE_DOCKER_MEMTOTAL: String(3.8 * 1024 ** 3) },
      ports: moved,
    });
    await small.spark.up();
    const status = await waitFor('running', async () => {
      const s = await small.spark.status();
      return s.state === 'running' ? s : undefined;
    });
    expect(small.calls()).toContain(
      `up with WORKER_MEMORY=1g WORKER_LIMIT=2G MASTER_UI_PORT=${moved.masterUi} NOTEBOOK_PORT=${moved.notebook}`,
    );
    expect(status.ui_url).toBe(`http://127.0.0.1:${moved.masterUi}/`);
    expect(status.ports).toEqual({
      master_ui: moved.masterUi,
      master: freePorts.master,
      app_ui: freePorts.appUi,
      notebook: moved.notebook,
    });
    await small.spark.down();
    // A roomy engine gets the normal size; the user's own compose variables win.
    const normal = controller('ready', undefined, {
      env: { FAKE_DOCKER_MEMTOTAL: String(16 * 1024 ** 3), SPARK_EXPERIMENTS_WORKER_LIMIT: '5G' },
      ports: moved,
    });
    await normal.spark.up();
    await waitFor('running', async () =>
      (await normal.spark.status()).state === 'running' ? true : undefined,
    );
    expect(normal.calls()).toContain('up with WORKER_MEMORY=2g WORKER_LIMIT=5G');
    await normal.spark.down();
  });

  it('reports a failing compose up with the daemon’s message', async () => {
    const { spark } = controller('compose_fail');
    const started = await spark.up();
    expect(started).toMatchObject({ backend: 'docker', state: 'starting' });
    const status = await waitFor('error', async () => {
      const s = await spark.status();
      return s.state === 'error' ? s : undefined;
    });
    expect(status.message).toMatch(
      /docker compose up failed: .*pull access denied for apache\/spark/,
    );
  });

  it('starts and stops the stack with -p and -f on every call, streaming its output to the logs', async () => {
    const { spark, calls, entries } = controller('ready');
    await spark.up();
    const status = await waitFor('running', async () => {
      const s = await spark.status();
      return s.state === 'running' ? s : undefined;
    });
    expect(status).toMatchObject({
      backend: 'docker',
      services: [
        { service: 'spark-master', state: 'running', health: 'healthy' },
        { service: 'spark-worker', state: 'running', health: 'healthy' },
      ],
    });
    await expect(spark.up()).rejects.toMatchObject({ status: 409, code: 'spark_running' });
    expect((await spark.restart()).backend).toBe('docker');
    await waitFor('running again', async () =>
      (await spark.status()).state === 'running' ? true : undefined,
    );
    expect((await spark.down()).state).toBe('stopped');
    const compose = calls()
      .split('\n')
      .filter((l) => l.startsWith('docker compose -p'));
    expect(compose.some((l) => / up -d --wait --wait-timeout \d+$/.test(l))).toBe(true);
    expect(compose.filter((l) => / down$/.test(l)).length).toBe(2);
    expect(compose.filter((l) => / up -d --wait/.test(l)).length).toBe(2);
    expect(
      compose.every(
        (l) => l.includes('-p spark-experiments -f ') && l.includes('docker-compose.yml'),
      ),
    ).toBe(true);
    expect(entries.map((e) => e.message)).toContain(
      ' Container spark-experiments-spark-master-1  Healthy',
    );
  });

  it('ends a compose up still running when Stop is clicked, and stays stopped', async () => {
    const { spark, calls } = controller('slow_up');
    expect((await spark.up()).state).toBe('starting');
    expect((await spark.down()).state).toBe('stopped');
    // The stand-in's `up` would answer "Healthy" after 1.5 s; it was ended instead.
    await new Promise((r) => setTimeout(r, 2000));
    expect(calls()).not.toContain('up finished');
    expect(calls()).toMatch(/ down$/m);
    expect((await spark.status()).state).toBe('stopped');
  });
});
