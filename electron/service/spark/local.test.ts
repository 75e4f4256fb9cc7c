// The local Spark backend for real: `serve` starts a master and a worker from the installed
// pyspark, reports them through /api/spark, runs a job on them, and leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sparkStatusSchema } from '../../../shared/api.ts';
import { runCli } from '../../testing/cli.ts';
import { type Served, serve, waitFor } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-local-spark-'));
let server: Served | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Spark daemons and drivers still running from this test's data dir or ports. */
function sparkProcesses(): string[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-af', 'org.apache.spark.deploy'], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.split('\n').filter((l) => l.includes('17077') || l.includes('17080'));
}

describe('the local Spark backend', () => {
  it('starts a master and a worker, runs bronze through the API, and stops without leftovers', async () => {
    expect(sparkProcesses()).toEqual([]);
    const data = join(scratch, 'data');
    const gen = await runCli([
      'generate',
      '--preset',
      'quality-injection',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T03:00:00Z',
      '--data-dir',
      data,
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    server = await serve(['--data-dir', data, '--paused']);
    const s = server;
    const started = Date.now();
    const up = await s.call('/api/spark/up', { method: 'POST', json: { backend: 'local' } });
    expect(up.status).toBe(202);
    expect(up.body).toMatchObject({ backend: 'local', state: 'starting' });
    const running = await waitFor(
      'one alive worker',
      async () => {
        const status = sparkStatusSchema.parse((await s.call('/api/spark')).body);
        if (status.state === 'error') throw new Error(status.message);
        return status.state === 'running' && status.master && status.master.alive_workers === 1
          ? status
          : undefined;
      },
      120_000,
    );
    expect(running.master?.cores).toBeGreaterThan(0);
    expect(running.backends.local.available).toBe(true);
    expect(running.ready_seconds).toBeLessThan((Date.now() - started) / 1000 + 1);
    expect((await s.call('/api/spark/up', { method: 'POST', json: {} })).status).toBe(409);

    const submitted = await s.call('/api/spark/jobs', { method: 'POST', json: { job: 'bronze' } });
    expect(submitted.status).toBe(202);
    const done = await waitFor(
      'the bronze job',
      async () => {
        const status = sparkStatusSchema.parse((await s.call('/api/spark')).body);
        const job = status.jobs.find((j) => j.id === submitted.body.id);
        return job && job.state !== 'running' ? job : undefined;
      },
      180_000,
    );
    expect(done.state).toBe('succeeded');
    expect(done.summary).toMatch(/^bronze: ingested \d+ lines in 12 micro-batches/);
    expect(existsSync(join(data, 'lake', 'bronze'))).toBe(true);
    expect(readdirSync(join(data, 'lake', 'bronze')).some((f) => f.endsWith('.parquet'))).toBe(
      true,
    );
    const logs = (await s.call('/api/spark/logs?limit=1000')).body.lines as Array<{
      source: string;
      line: string;
    }>;
    expect(
      logs.some((l) => l.source === 'job-bronze' && l.line.startsWith('bronze: ingested')),
    ).toBe(true);
    expect(logs.some((l) => l.source === 'spark-master')).toBe(true);

    const down = await s.call('/api/spark/down', { method: 'POST' });
    expect(down.body.state).toBe('stopped');
    expect(sparkProcesses()).toEqual([]);
  }, 360_000);
});
