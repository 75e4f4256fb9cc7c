// The Spark routes in-process against a fake controller: what they ask of it, what they
// answer, and that its refusals and failures reach the client as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorSchema,
  logPageSchema,
  sparkActionSchema,
  sparkJobSchema,
  sparkLogsSchema,
  sparkStatusSchema,
} from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { ServiceError } from '../kernel/errors.ts';
import { SparkController } from '../spark/spark-controller.ts';

describe('the Spark routes', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it('shows the status with the backends, detecting them again only after a start', async () => {
    const first = parsed(sparkStatusSchema, (await api.call('/api/spark')).body);
    expect(first.state).toBe('stopped');
    expect(first.backends.docker).toMatchObject({ state: 'cli_missing' });
    parsed(sparkStatusSchema, (await api.call('/api/spark')).body);
    expect(api.spark.calls.filter((c) => c === 'backends')).toHaveLength(1); // reused
    const up = await api.call('/api/spark/up', { method: 'POST', json: { backend: 'local' } });
    expect(up.status).toBe(202);
    expect(parsed(sparkActionSchema, up.body)).toMatchObject({ backend: 'local' });
    parsed(sparkStatusSchema, (await api.call('/api/spark')).body);
    expect(api.spark.calls.filter((c) => c === 'backends')).toHaveLength(2);
    expect(api.spark.calls).toContain('up:local');
  });

  it('starts with the backend it finds for an empty body, restarts and stops', async () => {
    await api.call('/api/spark/down', { method: 'POST' });
    const up = await api.call('/api/spark/up', { method: 'POST' });
    expect(up.status).toBe(202);
    expect(api.spark.calls.at(-1)).toBe('up:auto');
    const restarted = await api.call('/api/spark/restart', { method: 'POST' });
    expect(restarted.status).toBe(202);
    parsed(sparkActionSchema, restarted.body);
    const down = await api.call('/api/spark/down', { method: 'POST' });
    expect(down.status).toBe(200);
    expect(parsed(sparkActionSchema, down.body).state).toBe('stopped');
  });

  it('returns the newest output lines and runs a job on a running cluster', async () => {
    const logs = parsed(sparkLogsSchema, (await api.call('/api/spark/logs?limit=2')).body);
    expect(logs.lines.map((l) => l.line)).toEqual(['newest', 'middle']);
    expect(api.spark.calls).toContain('logs:2');
    parsed(sparkLogsSchema, (await api.call('/api/spark/logs')).body);
    expect(api.spark.calls.at(-1)).toBe('logs:200');
    api.spark.state = 'running';
    const job = await api.call('/api/spark/jobs', { method: 'POST', json: { job: 'silver' } });
    expect(job.status).toBe(202);
    expect(parsed(sparkJobSchema, job.body)).toMatchObject({ job: 'silver', state: 'running' });
    api.spark.state = 'stopped';
  });

  it('passes a refusal on with its status and code', async () => {
    api.spark.refuseNext = new ServiceError(409, 'spark_running', 'Spark is already running');
    const r = await api.call('/api/spark/up', { method: 'POST' });
    expect(r.status).toBe(409);
    expect(parsed(errorSchema, r.body)).toEqual({
      error: 'spark_running',
      message: 'Spark is already running',
    });
  });

  it('describes every response seen here in its OpenAPI document', async () => {
    expectDocumented((await api.call('/api/openapi.json')).body, api.seen);
  });

  it('answers a failure inside the service with a 500 that has no stack trace, and logs it', async () => {
    api.spark.refuseNext = new Error('docker compose crashed at compose.ts:12');
    // Not through `call`: a 500 is not part of the documented contract.
    const r = await api.app.request('/api/spark/down', {
      method: 'POST',
      headers: { host: `127.0.0.1:${api.port}` },
    });
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({
      error: 'internal_error',
      message: 'the request failed inside the service; see /api/logs',
    });
    const logged = parsed(logPageSchema, (await api.call('/api/logs?level=error')).body);
    expect(logged.entries[0]).toMatchObject({ level: 'error', message: 'API request failed' });
    expect(logged.entries[0]?.context).toMatchObject({
      path: '/api/spark/down',
      message: 'docker compose crashed at compose.ts:12',
    });
  });
});

describe('the Spark routes on the real controller, with no cluster', () => {
  it('refuses a job until Spark runs', async () => {
    const api = startInProcessApi({
      preset: 'emulated-5s',
      spark: (service) =>
        new SparkController({ dataDir: service.dataDir, log: service.log.child('spark') }),
    });
    try {
      const r = await api.call('/api/spark/jobs', { method: 'POST', json: { job: 'bronze' } });
      expect(r.status).toBe(409);
      expect(parsed(errorSchema, r.body).error).toBe('spark_not_running');
      expect(api.spark.calls).toEqual([]); // the fake was not used
    } finally {
      await api.stop();
    }
  });
});
