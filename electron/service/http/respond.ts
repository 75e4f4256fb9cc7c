// What every part of the API answers with: one JSON error shape with a searchable code and a
// sentence that says what to do, and the readers of query parameters and bodies, which give
// either the value or that ready 400.
import type { Context, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ROUTES, routeMatches } from '../../../shared/routes.ts';
import { ServiceError } from '../errors.ts';
import type { Logger } from '../logs/logger.ts';

export function fail(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return c.json({ error, message, ...extra }, status);
}

/** Refusals of the service go out as they are; anything else is a 500 without a stack trace. */
export function answerErrors(log: Pick<Logger, 'error'>): ErrorHandler {
  return (err, c) => {
    if (err instanceof ServiceError)
      return fail(c, err.status as ContentfulStatusCode, err.code, err.message);
    log.error('API request failed', { path: c.req.path, message: err.message });
    return fail(c, 500, 'internal_error', 'the request failed inside the service; see /api/logs');
  };
}

/** The methods the route table has for a path (for `Allow` on 405). */
export function allowedMethods(path: string): string[] {
  const methods = ROUTES.filter((r) => routeMatches(r.path, path)).map((r) => r.method);
  if (path === '/') methods.push('GET');
  return methods;
}

/** A whole-number query parameter in [min, max] (`fallback` when absent), or a ready 400. */
export function queryInt(
  c: Context,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | Response {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    return fail(
      c,
      400,
      `invalid_${name}`,
      `${name} (${text}) must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** The JSON body, {} when empty (plain `curl -X POST`), or a ready 400 response. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return fail(c, 400, 'invalid_json', 'the request body is not valid JSON');
  }
}
