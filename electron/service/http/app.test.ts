// The app as a whole: the routes it mounts are the declarations the OpenAPI document is made
// from, and what it serves besides the resources (the dashboard, hints, 404 / 405).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema } from '../../../shared/api.ts';
import { ROUTES } from '../../../shared/contract/index.ts';
import { parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { UI_CSP } from './app.ts';

/**
 * `GET /api/batches/{id}` for every route Hono has, middleware left out (a declared route's
 * validators are mounted on its method and path before its handler: counted once).
 */
function mounted(api: InProcessApi): string[] {
  return [
    ...new Set(
      api.app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ];
}

describe('the app without a built dashboard', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi();
  });
  afterAll(() => api.stop());

  it('mounts every route declared in shared/contract, and no other /api route', () => {
    const table = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(new Set(table).size).toBe(table.length);
    const routes = mounted(api);
    expect(routes.filter((r) => r.includes(' /api/')).sort()).toEqual([...table].sort());
    expect(routes.filter((r) => !r.includes(' /api/'))).toEqual(['GET /']);
  });

  it('runs the security rules before every route', () => {
    const middleware = api.app.routes.filter((r) => r.method === 'ALL').map((r) => r.path);
    // security.ts's two, `access` on GET /api/health (added after the route has answered),
    // then the reader of JSON bodies (declared.ts)
    expect(middleware).toEqual(['/*', '/api/*', '/api/health', '/api/*']);
    const first = api.app.routes[0];
    expect(first?.method).toBe('ALL');
  });

  it('points / to the API, and the old root routes to their /api successors', async () => {
    const root = await api.call('/');
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ health: '/api/health', openapi: '/api/openapi.json' });
    const post = await api.call('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    for (const path of ['/health', '/status', '/pause', '/resume', '/clean', '/logs']) {
      const r = await api.call(path, { method: path === '/health' ? 'GET' : 'POST' });
      expect(r.status, path).toBe(404);
      expect(r.body).toMatchObject({ error: 'not_found', use: `/api${path}` });
    }
    const unknown = await api.call('/api/batches/x/y');
    expect(unknown.status).toBe(404);
    expect(parsed(errorSchema, unknown.body).message).toMatch(/openapi\.json/);
    const wrong = await api.call('/api/backfill', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
  });
});

describe('the app with a built dashboard', () => {
  let api: InProcessApi;
  const uiDir = mkdtempSync(join(tmpdir(), 'spark-exp-ui-'));
  beforeAll(() => {
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>dashboard</title>');
    mkdirSync(join(uiDir, 'assets'));
    writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("dashboard");');
    api = startInProcessApi({ uiDir });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(uiDir, { recursive: true, force: true });
  });

  it('mounts the dashboard at / and its files at /assets', () => {
    expect(mounted(api).filter((r) => !r.includes(' /api/'))).toEqual(['GET /', 'GET /assets/*']);
  });

  it('serves the dashboard with a CSP that allows only its own files and this API', async () => {
    const page = await api.call('/');
    expect(page.status).toBe(200);
    expect(page.body).toBe('<!doctype html><title>dashboard</title>');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(UI_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await api.call('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe('console.log("dashboard");');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const missing = await api.call('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(parsed(errorSchema, missing.body).error).toBe('not_found');
    const foreign = await api.call('/', { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });
});
