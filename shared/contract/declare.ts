// One declaration per route: method, path, request and responses over the zod schemas of
// api.ts. The server mounts these very objects with @hono/zod-openapi (validation and handler
// types), the OpenAPI document is made from them and the renderer's client is typed by them.
// Plain data, so shared/ and the renderer carry no Hono runtime (`import type` only).
import type { RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorSchema } from '../api.ts';

/** The identity, keeping the literal types @hono/zod-openapi and the client read. */
export function declareRoute<const R extends RouteConfig>(route: R): R {
  return route;
}

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * A JSON request body. `hint` is what a client that sent something else is told (the 400
 * invalid_request message), and the body's description in the document.
 */
export const jsonBody = <S extends z.ZodType>(schema: S, hint: string) => ({
  required: true,
  description: hint,
  content: { 'application/json': { schema } },
});

const ERROR_DESCRIPTIONS = {
  400: 'bad request (invalid parameter, body or state)',
  401: 'missing or wrong bearer token (only when listening beyond loopback)',
  403: 'foreign Host or Origin header, a cross-site request, or a change through the read-only class link',
  404: 'no such route',
  405: 'method not allowed (see the Allow header)',
  409: 'conflicts with the current state',
  413: 'body larger than 64 KiB (4 KiB for a class result report)',
  415: 'body is not JSON',
  429: 'too many requests from this address (see the Retry-After header)',
  503: 'too many event streams open (the answer names the limit)',
  507: 'the class is full: no room for another student (the answer names the limit)',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** `{"error","message"}` answers of these statuses (401/403/404/405 are added to every route). */
export function errors<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(errorSchema, ERROR_DESCRIPTIONS[s])])) as {
    [K in S]: ReturnType<typeof json<typeof errorSchema>>;
  };
}

export const COMMON_ERRORS = [401, 403, 404, 405] as const;
export const commonErrorResponse = (status: (typeof COMMON_ERRORS)[number]) =>
  json(errorSchema, ERROR_DESCRIPTIONS[status]);

/**
 * A whole-number query parameter in [min, max] (`fallback` when absent), documented as an
 * integer; anything else is refused with `<name> (<text>) must be a whole number ...`.
 */
export function intQuery(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (/^\d+$/.test(text) && value >= min && value <= max) return value;
      ctx.addIssue({
        code: 'custom',
        message: `${name} (${text}) must be a whole number from ${min} to ${max}`,
      });
      return z.NEVER;
    })
    .meta({ type: 'integer', minimum: min, maximum: max, description: `default ${fallback}` });
}
