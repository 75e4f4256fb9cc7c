// The log window behind GET /api/logs: the newest entries in memory (loaded from the day
// files at start, then fed live), older pages read back from the files. Every entry has a
// cursor (its time, with n counting entries of the same millisecond in file order as
// microseconds: see shared/log-cursor.ts), so `since`/`before` paging never repeats or misses
// an entry, even within one millisecond.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Cursor,
  compareCursors,
  entryCursor,
  formatCursor,
} from '../../../shared/log-cursor.ts';
import type { LogEntry, LogLevel } from './logger.ts';

export type ApiLogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface ApiLogEntry {
  ts: string;
  level: ApiLogLevel;
  message: string;
  source: string;
  context: Record<string, unknown>;
  cursor: string;
}

export interface LogQuery {
  limit: number;
  since?: Cursor | undefined;
  before?: Cursor | undefined;
  /** Minimum severity. */
  level?: ApiLogLevel | undefined;
}

export interface LogPage {
  entries: ApiLogEntry[];
  totalReturned: number;
  nextSince: string | null;
  nextBefore: string | null;
}

const API_LEVEL: Record<LogLevel, ApiLogLevel> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warning',
  ERROR: 'error',
};
const SEVERITY: Record<ApiLogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export class LogStore {
  private window: ApiLogEntry[] = [];
  private olderOnDisk = false;

  constructor(
    private readonly dir: string,
    private readonly capacity = 20_000,
  ) {}

  /** Loads the newest entries from the day files. */
  load(): void {
    const all = this.readDays(this.dayFolders());
    this.olderOnDisk = all.length > this.capacity;
    this.window = all.slice(-this.capacity);
  }

  add(entry: LogEntry): ApiLogEntry {
    const last = this.window[this.window.length - 1];
    const n = last && last.ts === entry.timestamp ? cursorOf(last).n + 1 : 0;
    const api = toApi(entry, n);
    this.window.push(api);
    if (this.window.length > this.capacity * 1.25) {
      this.window = this.window.slice(-this.capacity);
      this.olderOnDisk = true;
    }
    return api;
  }

  /** Newest first. With `since`: the oldest `limit` entries after it, so polling walks forward. */
  query(q: LogQuery): LogPage {
    const minSeverity = SEVERITY[q.level ?? 'debug'];
    const keep = (e: ApiLogEntry) => {
      const c = cursorOf(e);
      if (SEVERITY[e.level] < minSeverity) return false;
      if (q.since && compareCursors(c, q.since) <= 0) return false;
      if (q.before && compareCursors(c, q.before) >= 0) return false;
      return true;
    };
    let source = this.window;
    const oldest = this.window[0];
    if (
      this.olderOnDisk &&
      q.before &&
      (!oldest || compareCursors(q.before, cursorOf(oldest)) <= 0)
    ) {
      source = this.readDays(
        this.dayFolders().filter((d) => d <= (q.before as Cursor).ts.slice(0, 10)),
      );
    }
    const matching = source.filter(keep);
    const picked = q.since ? matching.slice(0, q.limit) : matching.slice(-q.limit);
    const entries = picked.reverse();
    const newest = entries[0];
    const oldestReturned = entries[entries.length - 1];
    return {
      entries,
      totalReturned: entries.length,
      nextSince:
        newest?.cursor ??
        (q.since ? formatCursor(q.since) : (this.window[this.window.length - 1]?.cursor ?? null)),
      nextBefore: oldestReturned?.cursor ?? null,
    };
  }

  private dayFolders(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort();
  }

  private readDays(days: string[]): ApiLogEntry[] {
    const out: ApiLogEntry[] = [];
    for (const day of days) {
      const file = join(this.dir, day, 'generator.log.jsonl');
      if (!existsSync(file)) continue;
      let lastTs = '';
      let n = 0;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        let entry: LogEntry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue; // a torn last line of a crashed run
        }
        n = entry.timestamp === lastTs ? n + 1 : 0;
        lastTs = entry.timestamp;
        out.push(toApi(entry, n));
      }
    }
    // Several writers (a `generate` next to `serve`) may interleave; keep cursor order.
    return out.sort((a, b) => compareCursors(cursorOf(a), cursorOf(b)));
  }
}

function toApi(entry: LogEntry, n: number): ApiLogEntry {
  return {
    ts: entry.timestamp,
    level: API_LEVEL[entry.level] ?? 'info',
    message: entry.message,
    source: entry.component,
    context: entry.metadata ?? {},
    cursor: formatCursor({ ts: canonicalMs(entry.timestamp), n }),
  };
}

function canonicalMs(timestamp: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(timestamp)) return timestamp;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? new Date(0).toISOString() : new Date(ms).toISOString();
}

// Parsed once per entry: every query compares each entry of the window.
const parsedCursors = new WeakMap<ApiLogEntry, Cursor>();
function cursorOf(e: ApiLogEntry): Cursor {
  let c = parsedCursors.get(e);
  if (!c) {
    c = entryCursor(e.cursor);
    parsedCursors.set(e, c);
  }
  return c;
}
