// Keeps the log list gap-free across reconnects. Live lines only cover the time the stream
// is open, so after each (re)connect the list is brought up to date from the API: forward
// from the newest entry known to have nothing missing below it (`through`), page by page.
// Once such a catch-up, begun while connected, is done, live lines extend `through` too.
import type { LogEntry } from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import type { Api } from '../api/client.ts';
import { type LogsSlice, mergeLogs, withNewestPage } from './logs-slice.ts';

export const FIRST_LOG_PAGE = 200;
export const CATCH_UP_PAGE = 1000;
/** Past this many pages behind, the list starts again from the newest page ("Load older" goes on below it). */
export const CATCH_UP_PAGES = 20;

type Logs = LogsSlice['logs'];
type Update = (fn: (logs: Logs) => Logs) => void;

export interface LogCatchUp {
  /** Fetches what the list may lack; runs one at a time (a call meanwhile runs once more after). */
  run(): Promise<void>;
  /** The stream (re)opened: live lines count towards `through` after the next catch-up. */
  connected(): void;
  /** The stream dropped: live lines no longer prove that nothing is missing. */
  disconnected(): void;
  /** Merges live lines (newest first), moving `through` while the stream is known complete. */
  live(burst: LogEntry[]): void;
}

const newer = (a: string, b: string | null) => b === null || compareCursorText(a, b) > 0;

export function createLogCatchUp(api: Api, read: () => Logs, update: Update): LogCatchUp {
  let connection = 0;
  let connected = false;
  let complete = false;
  let running: Promise<void> | undefined;
  let again = false;

  const once = async () => {
    const startedIn = connected ? connection : -1;
    const through = read().through;
    if (through === null) {
      const page = await api.logs({ limit: FIRST_LOG_PAGE });
      const top = page.entries[0]?.cursor ?? null;
      update((logs) => ({
        ...withNewestPage(logs, page),
        through: top !== null && newer(top, logs.through) ? top : logs.through,
      }));
    } else {
      let since = through;
      for (let pages = 0; ; pages++) {
        if (pages === CATCH_UP_PAGES) {
          await restart();
          break;
        }
        const page = await api.logs({ limit: CATCH_UP_PAGE, since });
        const top = page.entries[0]?.cursor;
        update((logs) => ({
          ...logs,
          entries: mergeLogs(logs.entries, page.entries),
          through: top !== undefined && newer(top, logs.through) ? top : logs.through,
        }));
        if (page.entries.length < CATCH_UP_PAGE || top === undefined) break;
        since = top;
      }
    }
    if (startedIn !== -1 && startedIn === connection && connected) complete = true;
  };

  /** Too far behind: keep the newest page and what came live above it; older pages follow. */
  const restart = async () => {
    const page = await api.logs({ limit: FIRST_LOG_PAGE });
    const bottom = page.entries[page.entries.length - 1]?.cursor;
    update((logs) => ({
      ...logs,
      entries: mergeLogs(
        bottom === undefined ? [] : logs.entries.filter((e) => newer(e.cursor, bottom)),
        page.entries,
      ),
      nextBefore: page.nextBefore,
      hasOlder: true,
      through: page.entries[0]?.cursor ?? logs.through,
    }));
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await once();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    run,
    connected() {
      connection++;
      connected = true;
      complete = false;
    },
    disconnected() {
      connected = false;
      complete = false;
    },
    live(burst) {
      const top = burst[0]?.cursor;
      update((logs) => ({
        ...logs,
        entries: mergeLogs(logs.entries, burst),
        through: complete && top !== undefined && newer(top, logs.through) ? top : logs.through,
      }));
    },
  };
}
