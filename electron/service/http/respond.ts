// What every part of the API answers with: one JSON error shape with a searchable code and a
// sentence that says what to do (requests that do not fit a route's declaration are refused
// in declared.ts).
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ROUTES, routeMatches } from '../../../shared/contract/index.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';

export function fail<S extends ContentfulStatusCode>(
  c: Context,
  status: S,
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
    // A body route's validator refuses a Content-Type other than JSON (even with no body).
    if (err instanceof HTTPException && err.status === 415)
      return fail(
        c,
        415,
        'unsupported_media_type',
        'send the request body as JSON (Content-Type: application/json)',
      );
    log.error('API request failed', { path: c.req.path, message: err.message });
    return fail(c, 500, 'internal_error', 'the request failed inside the service; see /api/logs');
  };
}

/** The methods the route table has for a path (for `Allow` on 405). */
export function allowedMethods(path: string): string[] {
  const methods = ROUTES.filter((r) => routeMatches(r.path, path)).map((r) =>
    r.method.toUpperCase(),
  );
  if (path === '/') methods.push('GET');
  return methods;
}
