// Log cursors `<ISO time>#<n>` (n counts entries of the same millisecond), as returned by
// GET /api/logs. One ordering for the service and the dashboard: by time, then by n as a
// number ("#10" comes after "#9").

export interface Cursor {
  ts: string;
  n: number;
}

/** Parses `<ISO>#<n>` or a bare ISO timestamp with a zone (then it means "after/before that instant"). */
export function parseCursor(text: string, side: 'since' | 'before'): Cursor | undefined {
  const [ts, n] = text.split('#');
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  if (
    Number.isNaN(ms) ||
    !/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(ts) ||
    !/(Z|[+-]\d{2}:?\d{2})$/.test(ts)
  ) {
    return undefined;
  }
  const iso = new Date(ms).toISOString();
  if (n === undefined) return { ts: iso, n: side === 'since' ? Number.POSITIVE_INFINITY : -1 };
  if (!/^\d+$/.test(n)) return undefined;
  return { ts: iso, n: Number(n) };
}

/** The cursor of an entry (always `<ts>#<n>`, as the service writes it). */
export function entryCursor(text: string): Cursor {
  const [ts = '', n = '0'] = text.split('#');
  return { ts, n: Number(n) };
}

export function compareCursors(a: Cursor, b: Cursor): number {
  return a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.n - b.n;
}

/** Orders two entry cursors given as text. */
export function compareCursorText(a: string, b: string): number {
  return compareCursors(entryCursor(a), entryCursor(b));
}
