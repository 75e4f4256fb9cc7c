// Log cursors, as returned by GET /api/logs in nextSince/nextBefore. An entry's cursor is its
// time with the count n of earlier entries of the same millisecond as microseconds:
// `2026-11-26T08:19:55.754002Z` is the third entry of that millisecond. So a cursor is a
// plain ISO-8601 time (Python's `datetime.fromisoformat` reads it), it is URL-safe without
// escaping (no `#`, `&`, `+`, `%` or space), and "since a cursor" and "since a time" mean
// the same thing: strictly after it. The rare n >= 1000 is written `<ISO ms>_<n>`; the
// earlier form `<ISO ms>#<n>` is still read. One ordering for the service and the dashboard:
// by time, then by n as a number.

import { parseIsoTime } from './iso-time.ts';

export interface Cursor {
  /** The millisecond, as `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
  ts: string;
  /** Entries of the same millisecond before this one. */
  n: number;
}

const COUNTED = /^(.+?)[#_](\d+)$/;

/**
 * Parses a cursor, or any ISO-8601 time (date only, no seconds, any fraction, no zone = UTC,
 * and ` 01:00` as `+01:00`, which is what an unescaped `+` arrives as). A time between two
 * microseconds is rounded so that `since` keeps what is strictly after it and `before` what
 * is strictly before it.
 */
export function parseCursor(text: string, side: 'since' | 'before'): Cursor | undefined {
  const counted = COUNTED.exec(text);
  if (counted) {
    const micros = timeMicros(counted[1] as string, side);
    if (micros === undefined || micros.sub !== 0) return undefined;
    return { ts: new Date(micros.ms).toISOString(), n: Number(counted[2]) };
  }
  const micros = timeMicros(text, side);
  if (micros === undefined) return undefined;
  return { ts: new Date(micros.ms).toISOString(), n: micros.sub };
}

/** A time as whole milliseconds since the epoch plus microseconds (0..999). */
function timeMicros(
  text: string,
  side: 'since' | 'before',
): { ms: number; sub: number } | undefined {
  const time = parseIsoTime(text);
  if (!time) return undefined;
  const digits = time.fraction.padEnd(6, '0');
  let micros = Number(digits.slice(0, 6));
  // Past a microsecond: `before` rounds up, so an entry at the truncated microsecond is kept.
  if (side === 'before' && /[1-9]/.test(digits.slice(6))) micros += 1;
  const total = time.secondsMs * 1000 + micros;
  return { ms: Math.floor(total / 1000), sub: total % 1000 };
}

/** An entry's cursor as text: a plain time while n < 1000. */
export function formatCursor(c: Cursor): string {
  if (c.n < 1000) return `${c.ts.slice(0, 23)}${String(c.n).padStart(3, '0')}Z`;
  return `${c.ts}_${c.n}`;
}

/** The cursor of an entry as the service writes it (any form parseCursor reads). */
export function entryCursor(text: string): Cursor {
  return parseCursor(text, 'since') ?? { ts: '', n: 0 };
}

export function compareCursors(a: Cursor, b: Cursor): number {
  return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.n - b.n;
}

/** Orders two entry cursors given as text. */
export function compareCursorText(a: string, b: string): number {
  return compareCursors(entryCursor(a), entryCursor(b));
}
