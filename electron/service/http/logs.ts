// GET /api/logs: pages of structured log entries, newest first. Cursors let a poller go on
// with since=nextSince and never repeat or miss an entry, even within one millisecond.
import { Hono } from 'hono';
import { type Cursor, parseCursor } from '../../../shared/log-cursor.ts';
import type { GeneratorService } from '../generator-service.ts';
import { fail, queryInt } from './respond.ts';

const LEVELS = ['debug', 'info', 'warning', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Mounted at /api/logs. */
export function logRoutes(service: Pick<GeneratorService, 'logs'>): Hono {
  return new Hono().get('/', (c) => {
    const q = c.req.query();
    const limit = queryInt(c, 'limit', 100, 1, 1000);
    if (limit instanceof Response) return limit;
    if (q.level !== undefined && !(LEVELS as readonly string[]).includes(q.level)) {
      return fail(
        c,
        400,
        'invalid_level',
        `level (${q.level}) must be one of debug, info, warning, error`,
      );
    }
    // undefined: not given; null: given but not a cursor.
    const cursor = (name: 'since' | 'before'): Cursor | undefined | null => {
      const text = q[name];
      if (text === undefined) return undefined;
      return parseCursor(text, name) ?? null;
    };
    const since = cursor('since');
    const before = cursor('before');
    if (since === null)
      return fail(
        c,
        400,
        'invalid_since',
        `since (${q.since}) must be a cursor from nextSince or an ISO time with a zone, like 2024-01-01T00:00:00Z`,
      );
    if (before === null)
      return fail(
        c,
        400,
        'invalid_before',
        `before (${q.before}) must be a cursor from nextBefore or an ISO time with a zone`,
      );
    return c.json(
      service.logs.query({ limit, since, before, level: q.level as Level | undefined }),
    );
  });
}
