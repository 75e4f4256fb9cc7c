// The declared routes as the server runs them: the document says what the validators take
// (integer bounds, the exercise ids that exist) and the one hook answers today's 400s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema, invalidConfigSchema } from '../../../shared/api.ts';
import { ROUTES } from '../../../shared/contract/index.ts';
import { parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';

type Parameter = { name: string; in: string; schema: Record<string, unknown> };
type Document = {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};

describe('the declared routes', () => {
  let api: InProcessApi;
  let doc: Document;
  beforeAll(async () => {
    api = startInProcessApi();
    doc = (await api.call('/api/openapi.json')).body as Document;
  });
  afterAll(() => api.stop());

  it('documents the exercise ids that exist, and each of them answers', async () => {
    const listed = (await api.call('/api/exercises')).body as { exercises: Array<{ id: string }> };
    const ids = listed.exercises.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const [path, method] of [
      ['/api/exercises/{id}', 'get'],
      ['/api/exercises/{id}/prepare', 'post'],
      ['/api/exercises/{id}/check', 'post'],
    ] as const) {
      const id = doc.paths[path]?.[method]?.parameters?.find((p) => p.name === 'id');
      expect(id?.schema.enum, path).toEqual(ids);
    }
    for (const id of ids) expect((await api.call(`/api/exercises/${id}`)).status, id).toBe(200);
    const missing = await api.call('/api/exercises/99-missing');
    expect(missing.status).toBe(404);
    expect(parsed(errorSchema, missing.body).error).toBe('no_such_exercise');
  });

  it('takes every whole number its document allows, and refuses one past each end', async () => {
    const checked: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const p of item.get?.parameters ?? []) {
        if (p.schema.type !== 'integer' || path.includes('{')) continue;
        const { minimum, maximum } = p.schema as { minimum: number; maximum: number };
        for (const value of [minimum, maximum])
          expect((await api.call(`${path}?${p.name}=${value}`)).status, `${path} ${value}`).toBe(
            200,
          );
        for (const value of [minimum - 1, maximum + 1, '1e2']) {
          const r = await api.call(`${path}?${p.name}=${value}`);
          expect(r.status, `${path} ${value}`).toBe(400);
          expect(parsed(errorSchema, r.body)).toMatchObject({
            error: `invalid_${p.name}`,
            message: `${p.name} (${value}) must be a whole number from ${minimum} to ${maximum}`,
          });
        }
        checked.push(`${path}?${p.name}`);
      }
    }
    expect(checked.sort()).toEqual(['/api/batches?limit', '/api/spark/logs?limit']);
  });

  it("answers a body that does not fit with the route's hint, and POST /api/config with issues", async () => {
    const post = (path: string, body: string, type = 'application/json') =>
      api.call(path, { method: 'POST', headers: { 'content-type': type }, body });
    const config = await post('/api/config', '{"preset": 5}');
    expect(config.status).toBe(400);
    expect(parsed(invalidConfigSchema, config.body)).toEqual({
      error: 'invalid_request',
      message: 'send {"preset": "<name>"} or {"yaml": "<preset text>"}',
      issues: [],
    });
    const job = await post('/api/spark/jobs', '{"job": "platinum"}');
    expect(job.status).toBe(400);
    expect(job.body).toEqual({
      error: 'invalid_request',
      message: 'send {"job": "bronze" | "silver" | "gold" | "pipeline"}',
    });
    const backfill = await post('/api/backfill', '{"from": "yesterday"}');
    expect(backfill.status).toBe(400);
    expect(parsed(errorSchema, backfill.body).message).toMatch(/^send \{"from"/);
    // An empty JSON body is {} (then refused by the schema), a broken one invalid_json.
    const empty = await post('/api/join', '');
    expect(empty.body).toMatchObject({ error: 'invalid_code' });
    const broken = await post('/api/join', '{"code":');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_json' });
    const stop = await api.call('/api/spark/jobs/0/stop', { method: 'POST' });
    expect(stop.status).toBe(400);
    expect(stop.body).toEqual({
      error: 'invalid_request',
      message: 'the job id is a positive whole number',
    });
  });

  it('reads no body on a route that takes none, and refuses a body route any type but JSON', async () => {
    const pause = await api.call('/api/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'not json',
    });
    expect(pause.status).toBe(200);
    const typed = await api.call('/api/config', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(415);
    expect(parsed(errorSchema, typed.body).error).toBe('unsupported_media_type');
  });
});

describe('the list of declarations', () => {
  it('holds every route each declaring module exports, once', async () => {
    const modules = await Promise.all([
      import('../../../shared/contract/generator-routes.ts'),
      import('../../../shared/contract/spark-routes.ts'),
      import('../../../shared/contract/class-routes.ts'),
      import('../../../shared/contract/class-results-routes.ts'),
      import('../../../shared/contract/site-routes.ts'),
      import('../../../shared/contract/notebook-routes.ts'),
      import('../../../shared/contract/doctor-routes.ts'),
      import('../../../shared/contract/python-routes.ts'),
    ]);
    const exported = modules.flatMap((m) => Object.values(m));
    expect(new Set(ROUTES).size).toBe(ROUTES.length);
    expect(new Set(ROUTES)).toEqual(new Set(exported));
  });
});
