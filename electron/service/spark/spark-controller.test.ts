// The controller's state machine with a fake backend: a start overtaken by a stop (or by a
// newer start) never decides the state afterwards.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { standInJava } from '../../testing/python-standins.ts';
import { createLogger, type LogEntry } from '../logs/logger.ts';
import type { ClusterBackend, ClusterCheck } from './backend.ts';
import { SparkController } from './spark-controller.ts';

/** A backend whose start settles when the test says, ignoring the abort signal. */
function slowBackend() {
  const starts: Array<{ resolve: () => void; reject: (err: Error) => void; signal: AbortSignal }> =
    [];
  let stops = 0;
  const backend: ClusterBackend = {
    name: 'local',
    start: (signal) =>
      new Promise<void>((resolve, reject) => starts.push({ resolve, reject, signal })),
    stop: async () => {
      stops++;
    },
    services: async () => [],
    runJob: async () => 0,
  };
  return { backend, starts, stops: () => stops };
}

// A Spark distribution as far as the search for one is concerned: bin/spark-class exists.
const sparkHome = mkdtempSync(join(tmpdir(), 'spark-exp-fake-spark-'));
mkdirSync(join(sparkHome, 'bin'));
writeFileSync(join(sparkHome, 'bin', 'spark-class'), '');
// The Java 17 a local start asks for, and nothing else on PATH.
const javaOnly = join(sparkHome, 'java-bin');
standInJava(javaOnly, 'openjdk version "17.0.15" 2025-04-15');
afterAll(() => rmSync(sparkHome, { recursive: true, force: true }));

function controllerWith(
  backend: ClusterBackend,
  portTaken: (ports: readonly number[]) => Promise<number | undefined> = async () => undefined,
) {
  return new SparkController({
    dataDir: '/nonexistent',
    log: createLogger({ dir: undefined, component: 'spark' }),
    // No Docker: the local backend is chosen, and it is the fake.
    env: { PATH: javaOnly, SPARK_HOME: sparkHome },
    backendFor: () => backend,
    // The fake holds no ports (and a real Spark of another test may hold them).
    portTaken,
  });
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('SparkController with a fake backend', () => {
  it.each([
    ['succeeds', (s: { resolve: () => void }) => s.resolve()],
    ['fails', (s: { reject: (err: Error) => void }) => s.reject(new Error('late failure'))],
  ])('keeps a Stop clicked while starting when the late start %s', async (_, settleStart) => {
    const fake = slowBackend();
    const spark = controllerWith(fake.backend);
    const up = await spark.up('local').catch((err: Error) => err);
    if (up instanceof Error) throw up;
    expect(up.state).toBe('starting');
    expect((await spark.down()).state).toBe('stopped');
    expect(fake.starts[0]?.signal.aborted).toBe(true);
    expect(fake.stops()).toBe(1);
    settleStart(fake.starts[0] as never);
    await settle();
    const status = await spark.status();
    expect(status.state).toBe('stopped');
    expect(status.message).toBe('Spark is stopped.');
  });

  it('checks the ports whatever the backend (no test hook in the controller)', async () => {
    const fake = slowBackend();
    const asked: Array<readonly number[]> = [];
    const spark = controllerWith(fake.backend, async (ports) => {
      asked.push(ports);
      return ports[0];
    });
    const refused = await spark.up('local').then(
      () => undefined,
      (err: { code?: string; message: string }) => err,
    );
    expect(refused?.code).toBe('port_in_use');
    expect(refused?.message).toMatch(new RegExp(`^port ${asked[0]?.[0]} is taken`));
    expect(fake.starts).toEqual([]);
    expect((await spark.status()).state).toBe('stopped');
  });
});

/** A compose-like backend that starts at once and answers checks with what the test sets. */
function checkedBackend() {
  let found: ClusterCheck = { kind: 'healthy' };
  const backend: ClusterBackend = {
    name: 'docker',
    start: async () => {},
    stop: async () => {},
    services: async () => [],
    check: async () => found,
    runJob: async () => 0,
  };
  return {
    backend,
    finds(next: ClusterCheck) {
      found = next;
    },
  };
}

describe('SparkController watching a compose cluster', () => {
  it('follows the engine going away and coming back, and containers removed outside', async () => {
    const fake = checkedBackend();
    const entries: LogEntry[] = [];
    const spark = new SparkController({
      dataDir: '/nonexistent',
      log: createLogger({
        dir: undefined,
        component: 'spark',
        listeners: [(e) => entries.push(e)],
      }),
      env: { PATH: javaOnly, SPARK_HOME: sparkHome },
      backendFor: () => fake.backend,
      portTaken: async () => undefined,
      watchIntervalMs: 5,
    });
    /** What the panel shows, once it shows `state`. */
    const shownOnce = (state: string) =>
      vi.waitFor(
        async () => {
          const { state: now, error_code, message } = await spark.status();
          expect(now).toBe(state);
          return { error_code, message };
        },
        { interval: 5 },
      );
    await spark.up();
    await shownOnce('running');

    fake.finds({ kind: 'engine_down', reason: 'Cannot connect to the Docker daemon' });
    const down = await shownOnce('error');
    expect(down.error_code).toBe('engine_not_running');
    expect(down.message).toMatch(
      /^engine_not_running: .*Docker said: Cannot connect to the Docker daemon$/,
    );

    fake.finds({ kind: 'healthy' });
    expect((await shownOnce('running')).error_code).toBeNull();
    expect(entries.map((e) => e.message)).toContain('the Docker engine is back; Spark is running');

    fake.finds({ kind: 'waiting', detail: 'spark-worker: starting' });
    expect(await shownOnce('starting')).toEqual({
      error_code: 'recovering',
      message: 'Waiting for the Spark containers to be healthy (spark-worker: starting)…',
    });

    fake.finds({ kind: 'gone' });
    const gone = await shownOnce('stopped');
    expect(gone.error_code).toBeNull();
    expect(gone.message).toMatch(/^The Spark containers are gone/);
    await spark.shutdown();
  });

  it('starts containers again that stopped while it runs (no restart policy), once', async () => {
    const fake = checkedBackend();
    let starts = 0;
    let failNext = false;
    fake.backend.start = async () => {
      starts++;
      if (failNext) throw new Error('port 17080 is taken');
      fake.finds({ kind: 'healthy' });
    };
    const spark = new SparkController({
      dataDir: '/nonexistent',
      log: createLogger({ dir: undefined, component: 'spark' }),
      env: { PATH: javaOnly, SPARK_HOME: sparkHome },
      backendFor: () => fake.backend,
      portTaken: async () => undefined,
      watchIntervalMs: 5,
    });
    const shown = () => spark.status();
    await spark.up();
    await vi.waitFor(async () => expect((await shown()).state).toBe('running'), { interval: 5 });
    expect(starts).toBe(1);

    // The engine restarted: the containers are there, exited. The app starts them again.
    fake.finds({ kind: 'exited', detail: 'spark-master exited, spark-worker exited' });
    await vi.waitFor(() => expect(starts).toBe(2), { interval: 5 });
    await vi.waitFor(async () => expect((await shown()).state).toBe('running'), { interval: 5 });

    // A restart that fails says why, and is not tried again by itself every few seconds.
    failNext = true;
    fake.finds({ kind: 'exited', detail: 'spark-master exited' });
    await vi.waitFor(
      async () =>
        expect(await shown()).toMatchObject({ state: 'error', error_code: 'restart_failed' }),
      { interval: 5 },
    );
    const after = starts;
    await new Promise((r) => setTimeout(r, 100)); // twenty checks
    expect(starts).toBe(after);
    expect((await shown()).message).toBe('port 17080 is taken');
    await spark.shutdown();
  });
});
