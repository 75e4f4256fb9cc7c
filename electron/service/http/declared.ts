// The routes of shared/contract mounted with @hono/zod-openapi: its validators check every
// query, path parameter and JSON body against the declaration, and the one hook here turns a
// refusal into today's 400s (`invalid_<parameter>` with the schema's sentence, or
// `invalid_request` with the body's hint), so no handler validates by hand.
import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { invalidConfigSchema } from '../../../shared/api.ts';
import { ROUTES, routePattern } from '../../../shared/contract/index.ts';
import { fail } from './respond.ts';

// biome-ignore lint/suspicious/noExplicitAny: the hook serves routes of every shape
const answerInvalid: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  if (result.target === 'query') {
    const name = String(issue?.path[0] ?? 'query');
    return fail(c, 400, `invalid_${name}`, issue?.message ?? `${name} is invalid`);
  }
  if (result.target === 'param')
    return fail(c, 400, 'invalid_request', issue?.message ?? 'a path parameter is invalid');
  const route = ROUTES.find(
    (r) =>
      r.method === c.req.method.toLowerCase() &&
      r.path.replace(/\{(\w+)\}/g, ':$1') === c.req.routePath,
  );
  const hint = route?.request?.body?.description ?? 'the request body does not fit this route';
  // A route whose 400 carries `issues` (POST /api/config) has them on every 400: clients read them.
  const refusal = (route?.responses[400] as { content?: Record<string, { schema?: unknown }> })
    ?.content?.['application/json']?.schema;
  return fail(
    c,
    400,
    'invalid_request',
    hint,
    refusal === invalidConfigSchema ? { issues: [] } : {},
  );
};

/** A router for some of the declared routes, with the hook that answers invalid requests. */
export function declaredRoutes(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: answerInvalid });
}

/**
 * Reads the JSON once for every route that takes a body: an empty body is `{}` (plain
 * `curl -X POST`, which sends no Content-Type: the validator then takes it as `{}`; with a
 * JSON Content-Type the cached text is made `{}`), one that is not JSON a 400 `invalid_json`.
 */
export function readJsonBodies(): MiddlewareHandler {
  // Only the routes that take a body, their paths compiled once: every other request passes.
  const bodyRoutes = ROUTES.filter((r) => r.request?.body).map((r) => ({
    method: r.method,
    pattern: routePattern(r.path),
  }));
  return async (c, next) => {
    const method = c.req.method.toLowerCase();
    if (!bodyRoutes.some((r) => r.method === method && r.pattern.test(c.req.path))) return next();
    const text = await c.req.text();
    if (text.trim() === '') {
      // Without a Content-Type the text stays empty: zod-openapi's media-type gate refuses a
      // body that has none (415), and an empty one is none.
      if (c.req.header('content-type') !== undefined)
        // Hono keeps the body's promise here (typed as its value) and parses JSON from it.
        c.req.bodyCache.text = Promise.resolve('{}') as unknown as string;
      return next();
    }
    try {
      JSON.parse(text);
    } catch {
      return fail(c, 400, 'invalid_json', 'the request body is not valid JSON');
    }
    return next();
  };
}
