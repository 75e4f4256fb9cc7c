// The log panel's entries (newest first, up to 100,000), paged in from the API as the user
// scrolls back, and its filter.
import type { LogEntry, LogPage } from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';
import { actionFailed } from './ui-slice.ts';

export const MAX_LOG_ENTRIES = 100_000;
const OLDER_PAGE = 500;

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface LogsSlice {
  logs: {
    entries: LogEntry[];
    nextBefore: string | null;
    hasOlder: boolean;
    loadingOlder: boolean;
    level: LogLevel;
    text: string;
    /**
     * The newest cursor up to which the list holds every entry (down to its oldest), or null
     * before the first page. A reconnect pages forward from here, so no gap is left.
     */
    through: string | null;
  };
  loadOlderLogs(): Promise<void>;
  setLogFilter(filter: Partial<{ level: LogLevel; text: string }>): void;
}

/**
 * Merges entries (any order, repeats allowed) into the list (newest first) as a sorted union:
 * each entry held once, none dropped, wherever it falls. New entries usually all sit above
 * the list (live lines) or below it (older pages), which costs O(incoming); only entries that
 * fall inside it merge with the stretch of the list they overlap.
 */
export function mergeLogs(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  if (incoming.length === 0) return current;
  const fresh = newestFirstOnce(incoming);
  const newest = current[0]?.cursor;
  const oldest = current[current.length - 1]?.cursor;
  let merged: LogEntry[];
  if (newest === undefined || oldest === undefined) merged = fresh;
  else if (compareCursorText(fresh[fresh.length - 1]?.cursor as string, newest) > 0)
    merged = [...fresh, ...current];
  else if (compareCursorText(fresh[0]?.cursor as string, oldest) < 0)
    merged = [...current, ...fresh];
  else {
    // The list's entries from the oldest fresh one down stay as they are.
    const below = firstOlder(current, fresh[fresh.length - 1]?.cursor as string);
    const overlap = unionNewestFirst(current.slice(0, below), fresh);
    if (overlap.length === below) return current;
    merged = [...overlap, ...current.slice(below)];
  }
  return merged.length > MAX_LOG_ENTRIES ? merged.slice(0, MAX_LOG_ENTRIES) : merged;
}

/** Sorted newest first, each cursor once. */
export function newestFirstOnce(entries: LogEntry[]): LogEntry[] {
  const sorted = [...entries].sort((a, b) => compareCursorText(b.cursor, a.cursor));
  return sorted.filter((e, i) => e.cursor !== sorted[i - 1]?.cursor);
}

/** The index of the first entry (newest first) older than `cursor`, by binary search. */
function firstOlder(list: LogEntry[], cursor: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareCursorText((list[mid] as LogEntry).cursor, cursor) < 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function unionNewestFirst(a: LogEntry[], b: LogEntry[]): LogEntry[] {
  const out: LogEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const order = x && y ? compareCursorText(x.cursor, y.cursor) : x ? 1 : -1;
    if (order >= 0) i++;
    if (order <= 0) j++;
    out.push((order >= 0 ? x : y) as LogEntry);
  }
  return out;
}

/**
 * Takes the newest page (on start, when nothing is known yet). Where older entries begin is
 * set once, by the first page, so paging back carries on from where it was.
 */
export function withNewestPage(logs: LogsSlice['logs'], page: LogPage): LogsSlice['logs'] {
  return {
    ...logs,
    entries: mergeLogs(logs.entries, page.entries),
    nextBefore: logs.nextBefore ?? page.nextBefore,
    hasOlder: logs.nextBefore !== null || page.entries.length > 0,
  };
}

export const createLogsSlice =
  (api: Api): Slice<LogsSlice> =>
  (set, get) => ({
    logs: {
      entries: [],
      nextBefore: null,
      hasOlder: true,
      loadingOlder: false,
      level: 'debug',
      text: '',
      through: null,
    },

    async loadOlderLogs() {
      const { logs } = get();
      if (logs.loadingOlder || !logs.hasOlder) return;
      const oldest = logs.entries[logs.entries.length - 1]?.cursor ?? logs.nextBefore;
      set((s) => ({ logs: { ...s.logs, loadingOlder: true } }));
      try {
        const page = await api.logs(
          oldest ? { limit: OLDER_PAGE, before: oldest } : { limit: OLDER_PAGE },
        );
        set((s) => ({
          logs: {
            ...s.logs,
            entries: mergeLogs(s.logs.entries, page.entries),
            nextBefore: page.nextBefore ?? s.logs.nextBefore,
            hasOlder: page.entries.length === OLDER_PAGE,
            loadingOlder: false,
          },
        }));
      } catch (err) {
        set((s) => ({ logs: { ...s.logs, loadingOlder: false } }));
        actionFailed(set, err);
      }
    },

    setLogFilter(filter) {
      set((s) => ({ logs: { ...s.logs, ...filter } }));
    },
  });
