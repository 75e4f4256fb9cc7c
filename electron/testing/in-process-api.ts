// The HTTP API in the test's own process: a real GeneratorService on a temp data dir and a
// manual clock, a fake Spark, and `app.request()` instead of a socket, so a test moves time
// by advancing the clock instead of sleeping. `call` answers like `Served.call` (serve.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { DEFAULT_SPARK_PORTS } from '../../shared/spark-ports.ts';
import { ClassResults, ReportingSetup } from '../service/class-results/class-results.ts';
import { Course, DEFAULT_EXERCISES_DIR } from '../service/classroom/exercises.ts';
import { DEFAULT_PRESETS_DIR } from '../service/dataset/presets.ts';
import { runDoctor } from '../service/doctor/doctor.ts';
import { GeneratorService } from '../service/generator/generator-service.ts';
import { AccessToken } from '../service/http/access-token.ts';
import { createApi } from '../service/http/app.ts';
import type { SparkControl } from '../service/http/spark.ts';
import { ManualClock } from '../service/kernel/manual-clock.ts';
import {
  type NotebookAddress,
  NotebookService,
  notebookAddress,
} from '../service/notebooks/notebook-service.ts';
import { PipelineMetrics } from '../service/pipeline/pipeline-view.ts';
import { PythonSetupRunner } from '../service/python/setup-runner.ts';
import { FakeSpark } from './fake-spark.ts';
import { presetConfig } from './presets.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked against their zod schemas in the tests
type ResponseBody = any;

export type Call = (
  path: string,
  init?: RequestInit & { json?: unknown; remoteAddress?: string },
) => Promise<{ status: number; body: ResponseBody; headers: Headers }>;

export interface InProcessApi {
  app: Hono;
  service: GeneratorService;
  spark: FakeSpark;
  clock: ManualClock;
  dir: string;
  port: number;
  /** Requests made through `call`, for checking them against the OpenAPI document. */
  seen: Array<{ method: string; path: string; status: number }>;
  /** A request with this API's own Host header unless the test sets one. */
  call: Call;
  stop(): Promise<void>;
}

/** 12:00:02 UTC: two seconds into a 5 s interval, as in the scheduler tests. */
export const T0 = Date.UTC(2024, 0, 1, 12, 0, 2);

export function startInProcessApi(
  options: {
    /** The preset to run, as `serve --preset` (the fallback is `emulated`, as in `serve`). */
    preset?: string;
    startPaused?: boolean;
    uiDir?: string;
    token?: string;
    /** LAN mode's admin token (with `token`). */
    adminToken?: string;
    /** Another Spark controller instead of the fake (e.g. a real, stopped one). */
    spark?: (service: GeneratorService) => SparkControl;
    /** The Python set-up; the default has no home folder, so a set-up fails at once. */
    python?: PythonSetupRunner;
    /** Where the notebook service answers (default: 127.0.0.1:18888). */
    notebook?: NotebookAddress;
    /** Another course than the repository's exercises/ (a test's own). */
    exercisesDir?: string;
  } = {},
): InProcessApi {
  const dir = mkdtempSync(join(tmpdir(), 'spark-exp-api-'));
  const clock = new ManualClock(T0);
  const port = 18000;
  const service = GeneratorService.start({
    dataDir: join(dir, 'data'),
    config: options.preset ? presetConfig(options.preset) : undefined,
    fallbackConfig: presetConfig('emulated'),
    startPaused: options.startPaused ?? false,
    workers: 1,
    clock,
    durable: false,
  });
  const spark = new FakeSpark();
  const presetsDir = DEFAULT_PRESETS_DIR;
  const reporting = new ReportingSetup({ dataDir: service.dataDir, log: service.log });
  const course = new Course({
    exercisesDir: options.exercisesDir ?? DEFAULT_EXERCISES_DIR,
    presetsDir,
    dataDir: service.dataDir,
    log: service.log.child('exercises'),
  });
  const classResults = new ClassResults({
    dataDir: service.dataDir,
    exercises: course.exercises,
    log: service.log,
    now: () => clock.now(),
  });
  const app = createApi({
    parts: {
      service,
      spark: options.spark?.(service) ?? spark,
      course,
      classResults,
      reporting,
      pipeline: new PipelineMetrics(service.dataDir),
      presetsDir,
      python: options.python ?? new PythonSetupRunner({ env: {} }),
      doctor: () =>
        runDoctor({ dataDir: service.dataDir, env: process.env, ports: DEFAULT_SPARK_PORTS }),
      notebook: new NotebookService({
        dataDir: service.dataDir,
        address: options.notebook ?? notebookAddress(DEFAULT_SPARK_PORTS.notebook),
      }),
    },
    port,
    token: options.token === undefined ? undefined : new AccessToken(options.token),
    adminToken: options.adminToken === undefined ? undefined : new AccessToken(options.adminToken),
    uiDir: options.uiDir,
  });
  const seen: InProcessApi['seen'] = [];
  const call: Call = async (path, init = {}) => {
    const { json, remoteAddress, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (!headers.has('host')) headers.set('host', `127.0.0.1:${port}`);
    let body = rest.body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    // A real client always sends the length of its body, and the JSON-only rule reads it.
    if (typeof body === 'string' && !headers.has('content-length'))
      headers.set('content-length', String(Buffer.byteLength(body)));
    // The peer's address, as the Node adapter passes it (only where a test sets one).
    const env = remoteAddress ? { incoming: { socket: { remoteAddress } } } : undefined;
    const response = await app.request(path, { ...rest, headers, body: body ?? null }, env);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    seen.push({
      method: rest.method ?? 'GET',
      path: new URL(path, 'http://127.0.0.1').pathname,
      status: response.status,
    });
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    app,
    service,
    spark,
    clock,
    dir: service.dataDir,
    port,
    seen,
    call,
    async stop() {
      classResults.stop();
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
