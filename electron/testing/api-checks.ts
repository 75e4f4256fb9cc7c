// Checks API tests share: a response against its zod schema, and the requests a test made
// against the OpenAPI document the API serves.
import { type ExpectStatic, expect as globalExpect } from 'vitest';
import type { z } from 'zod';
import { routeMatches } from '../../shared/contract/index.ts';

export function parsed<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new Error(
      `response does not match its schema: ${JSON.stringify(result.error.issues.slice(0, 3))}\n${JSON.stringify(body).slice(0, 400)}`,
    );
  return result.data;
}

/**
 * Every status an /api route answered is documented for that route and method. Concurrent
 * tests pass their own `expect`.
 */
export function expectDocumented(
  document: unknown,
  seen: Array<{ method: string; path: string; status: number }>,
  expect: ExpectStatic = globalExpect,
): void {
  const doc = document as {
    openapi: string;
    info: { description: string };
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  expect(doc.openapi).toBe('3.1.0');
  expect(seen.length).toBeGreaterThan(0);
  for (const { method, path, status } of seen) {
    if (!path.startsWith('/api/')) continue;
    const route = Object.keys(doc.paths).find((p) => routeMatches(p, path)) ?? path;
    const operation = doc.paths[route]?.[method.toLowerCase()];
    if (!operation && method === 'OPTIONS' && status === 204) {
      // CORS preflights of --allow-origin pages, documented once for every path.
      expect(doc.info.description).toMatch(/OPTIONS preflights get 204/);
      continue;
    }
    if (!operation) {
      // A refused method on a known path is documented as 405 on the path's other methods.
      expect(status, `${method} ${path}`).toBeOneOf([403, 404, 405]);
      continue;
    }
    expect(Object.keys(operation.responses), `${method} ${path} -> ${status}`).toContain(
      String(status),
    );
  }
}
