// GET /api/logs: pages of structured log entries, newest first. Cursors let a poller go on
// with since=nextSince and never repeat or miss an entry, even within one millisecond.
// Lenient like the earlier version where a guess is safe (level in any case or an alias,
// limit clamped and the one used echoed), strict where it is not (a since that is no time).
import { Hono } from 'hono';
import { type Cursor, parseCursor } from '../../../shared/log-cursor.ts';
import type { LOG_LEVEL_NAMES } from '../../../shared/routes.ts';
import type { GeneratorService } from '../generator-service.ts';
import type { ApiLogLevel } from '../logs/log-store.ts';
import { fail } from './respond.ts';

// Every name of the route table (shared/routes.ts), and only those: tsc checks both ways.
const LEVEL_NAMES: Record<(typeof LOG_LEVEL_NAMES)[number], ApiLogLevel> = {
  debug: 'debug',
  trace: 'debug',
  info: 'info',
  information: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  err: 'error',
  critical: 'error',
  fatal: 'error',
};

export const LOG_LIMIT = { fallback: 100, min: 1, max: 1000 } as const;

/** The limit the earlier version used: a number clamped to 1..1000, 100 when not a number. */
export function logLimit(text: string | undefined): number {
  const value = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  if (Number.isNaN(value)) return LOG_LIMIT.fallback;
  return Math.min(LOG_LIMIT.max, Math.max(LOG_LIMIT.min, value));
}

/** Mounted at /api/logs. */
export function logRoutes(service: Pick<GeneratorService, 'logs'>): Hono {
  return new Hono().get('/', (c) => {
    const q = c.req.query();
    const limit = logLimit(q.limit);
    const level =
      q.level === undefined || q.level === ''
        ? undefined
        : LEVEL_NAMES[q.level.trim().toLowerCase() as keyof typeof LEVEL_NAMES];
    if (q.level && level === undefined) {
      return fail(
        c,
        400,
        'invalid_level',
        `level (${q.level}) must be one of debug, info, warning (or warn), error (any case)`,
      );
    }
    // undefined: not given; null: given but neither a cursor nor a time.
    const cursor = (name: 'since' | 'before'): Cursor | undefined | null => {
      const text = q[name];
      if (text === undefined || text === '') return undefined;
      return parseCursor(text, name) ?? null;
    };
    const since = cursor('since');
    const before = cursor('before');
    if (since === null)
      return fail(
        c,
        400,
        'invalid_since',
        `since (${q.since}) must be a cursor from nextSince or an ISO time, like 2024-01-01T00:00:00Z`,
      );
    if (before === null)
      return fail(
        c,
        400,
        'invalid_before',
        `before (${q.before}) must be a cursor from nextBefore or an ISO time, like 2024-01-01T00:00:00Z`,
      );
    return c.json({ ...service.logs.query({ limit, since, before, level }), limit });
  });
}
