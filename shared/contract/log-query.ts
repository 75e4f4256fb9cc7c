// GET /api/logs's query, lenient like the earlier version where a guess is safe (level in any
// case or an alias, limit clamped and the one used echoed), strict where it is not (a since
// that is no time). Cursors let a poller go on with since=nextSince and never repeat or miss
// an entry, even within one millisecond.
import { z } from 'zod';
import { type Cursor, parseCursor } from '../log-cursor.ts';

/** The level names GET /api/logs takes (in any case), as the earlier version's clients send them. */
const LEVEL_NAMES = {
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
} as const;

export const LOG_LIMIT = { fallback: 100, min: 1, max: 1000 } as const;

/** The limit the earlier version used: a number clamped to 1..1000, 100 when not a number. */
export function logLimit(text: string | undefined): number {
  const value = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  if (Number.isNaN(value)) return LOG_LIMIT.fallback;
  return Math.min(LOG_LIMIT.max, Math.max(LOG_LIMIT.min, value));
}

const level = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    const found = LEVEL_NAMES[text.trim().toLowerCase() as keyof typeof LEVEL_NAMES];
    if (found) return found;
    ctx.addIssue({
      code: 'custom',
      message: `level (${text}) must be one of debug, info, warning (or warn), error (any case)`,
    });
    return z.NEVER;
  })
  .meta({
    description: 'minimum level, in any case; warn, err and critical too',
    type: 'string',
    enum: Object.keys(LEVEL_NAMES).flatMap((name) => [name, name.toUpperCase()]),
  });

const cursor = (side: 'since' | 'before', description: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx): Cursor | undefined => {
      // An empty value is no value: a form may send `since=`.
      if (text === undefined || text === '') return undefined;
      const parsed = parseCursor(text, side);
      if (parsed) return parsed;
      ctx.addIssue({
        code: 'custom',
        message: `${side} (${text}) must be a cursor from next${side === 'since' ? 'Since' : 'Before'} or an ISO time, like 2024-01-01T00:00:00Z`,
      });
      return z.NEVER;
    })
    .meta({ description, type: 'string', format: 'date-time', allowEmptyValue: true });

export const logQuerySchema = z.object({
  limit: z.string().optional().transform(logLimit).meta({
    description: 'clamped to 1..1000 (100 when absent or not a number); the response says which',
    type: 'string',
  }),
  level,
  since: cursor(
    'since',
    'cursor from nextSince, or any ISO-8601 time (a date alone, no zone = UTC): only entries strictly newer, oldest first up to limit',
  ),
  before: cursor(
    'before',
    'cursor from nextBefore, or any ISO-8601 time: only entries strictly older',
  ),
});
