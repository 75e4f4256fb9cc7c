// Everything the API serves besides its resources: the dashboard's files, the OpenAPI
// document, and the answer to a route that does not exist (a hint for the earlier version's
// root routes, 405 with Allow for a wrong method, else 404), always as JSON.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type NotFoundHandler } from 'hono';
import { type KnownValues, openApiDocument } from '../../../shared/contract/document.ts';
import { routes as declared } from '../../../shared/contract/index.ts';
import { declaredRoutes } from './declared.ts';
import { allowedMethods, fail } from './respond.ts';

/** The dashboard may load only its own files and talk only to this API. */
export const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const VERSION = '0.1.0';

const LEGACY_ROOT = new Set(['/health', '/status', '/pause', '/resume', '/clean', '/logs']);

/** Mounted at /: the built dashboard when `uiDir` has one, else a JSON pointer to the API. */
export function uiRoutes(uiDir: string | undefined): Hono {
  const routes = new Hono();
  if (uiDir && existsSync(join(uiDir, 'index.html'))) {
    routes.get('/', (c) => {
      c.header('Content-Security-Policy', UI_CSP);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.html(readFileSync(join(uiDir, 'index.html'), 'utf8'));
    });
    routes.get('/assets/*', serveStatic({ root: uiDir }));
  } else {
    routes.get('/', (c) =>
      c.json({
        name: 'Spark Experiments generator',
        message:
          'The dashboard is not built here; the API is at /api (try /api/health, or /api/openapi.json for every route).',
        health: '/api/health',
        openapi: '/api/openapi.json',
      }),
    );
  }
  return routes;
}

/** The document, with the ids of the course's exercises (any other id is a 404). */
export function openApiRoutes(exerciseIds: readonly string[]) {
  const known: KnownValues = (path, param) =>
    path.startsWith('/api/exercises/{') && param === 'id' ? exerciseIds : undefined;
  return declaredRoutes().openapi(declared.openapi, (c) => c.json(openApiDocument(VERSION, known)));
}

export const answerUnknownRoute: NotFoundHandler = (c) => {
  const path = c.req.path;
  if (LEGACY_ROOT.has(path)) {
    return fail(c, 404, 'not_found', `the root routes were removed: use /api${path}`, {
      use: `/api${path}`,
    });
  }
  const allowed = allowedMethods(path);
  if (allowed.length > 0) {
    c.header('Allow', allowed.join(', '));
    return fail(
      c,
      405,
      'method_not_allowed',
      `${c.req.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
    );
  }
  return fail(c, 404, 'not_found', `no route ${path}; see /api/openapi.json for every route`);
};
