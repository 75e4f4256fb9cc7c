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
  };
  loadOlderLogs(): Promise<void>;
  setLogFilter(filter: Partial<{ level: LogLevel; text: string }>): void;
}

/**
 * Merges a page of entries (newest first) into the list without repeating any: a newer page
 * keeps only what is newer than the newest entry held, an older page only what is older than
 * the oldest. Costs O(page) to check, not O(list), which matters with 100,000 entries held.
 */
export function mergeLogs(
  current: LogEntry[],
  incoming: LogEntry[],
  where: 'newer' | 'older',
): LogEntry[] {
  const edge = where === 'newer' ? current[0]?.cursor : current[current.length - 1]?.cursor;
  const fresh =
    edge === undefined
      ? incoming
      : incoming.filter((e) => {
          const order = compareCursorText(e.cursor, edge);
          return where === 'newer' ? order > 0 : order < 0;
        });
  if (fresh.length === 0) return current;
  const merged = where === 'newer' ? [...fresh, ...current] : [...current, ...fresh];
  return merged.length > MAX_LOG_ENTRIES ? merged.slice(0, MAX_LOG_ENTRIES) : merged;
}

/**
 * Takes the newest page (on start and after a reconnect). Where older entries begin is set
 * once, by the first page, so paging back carries on from where it was.
 */
export function withNewestPage(logs: LogsSlice['logs'], page: LogPage): LogsSlice['logs'] {
  return {
    ...logs,
    entries: mergeLogs(logs.entries, page.entries, 'newer'),
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
            entries: mergeLogs(s.logs.entries, page.entries, 'older'),
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
