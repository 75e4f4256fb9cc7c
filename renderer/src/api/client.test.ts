// The client asks for exactly the URLs and bodies the service takes, and its answers carry the
// types of the route declarations (checked by tsc, which runs over this file too).
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BatchDetail, Health, LogPage } from '../../../shared/api.ts';
import type { ExerciseView } from '../../../shared/exercises.ts';
import { ApiError, createApi } from './client.ts';

function recording(status = 200, answer: unknown = {}) {
  const calls: Array<{ url: string; method: string; type: string | null; body: unknown }> = [];
  const api = createApi(async (input, init) => {
    const headers = new Headers(init?.headers);
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      type: headers.get('content-type'),
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return new Response(JSON.stringify(answer), { status });
  });
  return { api, calls };
}

describe('the API client', () => {
  it('fills in path parameters, sends queries and JSON bodies as the routes declare them', async () => {
    const { api, calls } = recording();
    await api.batch('20240101T120000Z', 5);
    await api.logs({ limit: 50, level: 'info' });
    await api.applyPreset('small');
    await api.pause();
    await api.exercise('01 bronze/x');
    await api.stopSparkJob(7);
    await api.sparkUp();
    expect(calls).toEqual([
      { url: '/api/batches/20240101T120000Z?lines=5', method: 'GET', type: null, body: undefined },
      { url: '/api/logs?limit=50&level=info', method: 'GET', type: null, body: undefined },
      { url: '/api/config', method: 'POST', type: 'application/json', body: { preset: 'small' } },
      { url: '/api/pause', method: 'POST', type: null, body: undefined },
      { url: '/api/exercises/01%20bronze%2Fx', method: 'GET', type: null, body: undefined },
      { url: '/api/spark/jobs/7/stop', method: 'POST', type: null, body: undefined },
      { url: '/api/spark/up', method: 'POST', type: 'application/json', body: {} },
    ]);
  });

  it('throws the error code, message and config issues of a refusal', async () => {
    const issues = [{ path: 'seed', message: 'seed (-1) must be >= 0' }];
    const { api } = recording(400, { error: 'invalid_config', message: 'no', issues });
    const err = await api.applyPreset('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_config', message: 'no', issues });
  });

  it('answers with the types of the declared responses', () => {
    const { api } = recording();
    expectTypeOf(api.health).returns.resolves.toEqualTypeOf<Health>();
    expectTypeOf(api.logs).returns.resolves.toEqualTypeOf<LogPage>();
    expectTypeOf(api.batch).returns.resolves.toEqualTypeOf<BatchDetail>();
    expectTypeOf(api.exercise).returns.resolves.toEqualTypeOf<ExerciseView>();
  });
});
