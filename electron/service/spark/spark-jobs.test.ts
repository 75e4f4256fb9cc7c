// Running and stopping jobs, with a backend that plays the pipeline's side of the stop
// protocol (pipeline.py's StopRequest: it polls lake/_pipeline/stop for its run id).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logs/logger.ts';
import type { ClusterBackend } from './backend.ts';
import { pipelineStopFile, SparkJobs } from './spark-jobs.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(options: { honoursStop?: boolean; graceMs?: number } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'spark-jobs-'));
  dirs.push(data);
  const calls: Array<{ job: string; args: string[]; signal: AbortSignal | undefined }> = [];
  const backend: ClusterBackend = {
    name: 'local',
    start: async () => {},
    stop: async () => {},
    services: async () => [],
    runJob: (job, args, _onLine, signal) => {
      calls.push({ job, args, signal });
      const runId = args[args.indexOf('--run-id') + 1];
      return new Promise((resolve) => {
        signal?.addEventListener('abort', () => resolve(143));
        if (job !== 'pipeline' || options.honoursStop === false) return;
        const poll = setInterval(() => {
          const file = pipelineStopFile(data);
          if (existsSync(file) && readFileSync(file, 'utf8') === runId) {
            rmSync(file);
            clearInterval(poll);
            resolve(0);
          }
        }, 5);
      });
    },
  };
  let changes = 0;
  const jobs = new SparkJobs(
    createLogger({ dir: undefined, component: 'spark' }),
    () => changes++,
    data,
    options.graceMs ?? 60_000,
  );
  return { data, jobs, backend, calls, changes: () => changes };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(what()).toBe(true);
};

describe('SparkJobs', () => {
  it('runs one pipeline at a time and stops it through the stop file, as stopped', async () => {
    const { data, jobs, backend, calls } = setup();
    const run = jobs.start('pipeline', backend);
    expect(calls[0]?.args).toEqual(['--run-id', String(run.id)]);
    expect(() => jobs.start('pipeline', backend)).toThrow(/already runs \(job 1\)/);
    const stopping = jobs.stop(run.id);
    expect(stopping.state).toBe('stopping');
    await until(() => jobs.list()[0]?.state === 'stopped');
    expect(jobs.list()[0]).toMatchObject({ id: run.id, exit_code: 0, state: 'stopped' });
    expect(calls[0]?.signal?.aborted, 'stopped by itself, not killed').toBe(false);
    expect(existsSync(pipelineStopFile(data))).toBe(false);
    // Once stopped, another run may start.
    expect(jobs.start('pipeline', backend).id).toBe(run.id + 1);
  });

  it('ends a pipeline that does not stop within the grace time', async () => {
    const { jobs, backend, calls } = setup({ honoursStop: false, graceMs: 30 });
    const run = jobs.start('pipeline', backend);
    jobs.stop(run.id);
    await until(() => jobs.list()[0]?.state === 'stopped');
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(jobs.list()[0]?.exit_code).toBe(143);
  });

  it('ends a batch job at once', async () => {
    const { jobs, backend, calls } = setup();
    const run = jobs.start('bronze', backend);
    expect(calls[0]?.args).toEqual(['--once', '--max-files-per-trigger', '1']);
    jobs.stop(run.id);
    expect(calls[0]?.signal?.aborted).toBe(true);
    await until(() => jobs.list()[0]?.state === 'stopped');
  });

  it('refuses to stop an unknown job or one that has ended', async () => {
    const { jobs, backend } = setup();
    expect(() => jobs.stop(7)).toThrow(expect.objectContaining({ status: 404, code: 'not_found' }));
    const run = jobs.start('gold', backend);
    jobs.stop(run.id);
    await until(() => jobs.list()[0]?.state === 'stopped');
    expect(() => jobs.stop(run.id)).toThrow(
      expect.objectContaining({ status: 409, code: 'job_not_running' }),
    );
  });

  it('clears a stop request left by an earlier run before a pipeline starts', () => {
    const { data, jobs, backend } = setup();
    const file = pipelineStopFile(data);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '1');
    jobs.start('pipeline', backend);
    expect(existsSync(file)).toBe(false);
  });
});
