// Live log lines arrive in bursts (a catch-up commits many batches). They are merged into the
// list once per burst, not once per line, so the 100,000 entries held are not copied per line.
import type { LogEntry } from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';

export const LOG_FLUSH_MS = 100;

export interface LogBursts {
  push(entry: LogEntry): void;
  /** Drops what is pending; nothing is flushed after. */
  cancel(): void;
}

/** Collects lines for LOG_FLUSH_MS after the first one, then hands them over in one call. */
export function collectLogBursts(flush: (newestFirst: LogEntry[]) => void): LogBursts {
  let pending: LogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    push(entry) {
      pending.push(entry);
      timer ??= setTimeout(() => {
        const burst = newestFirstOnce(pending);
        pending = [];
        timer = undefined;
        flush(burst);
      }, LOG_FLUSH_MS);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}

/** mergeLogs checks a page against the list's edge only, so repeats inside a burst go here. */
function newestFirstOnce(entries: LogEntry[]): LogEntry[] {
  const sorted = [...entries].sort((a, b) => compareCursorText(b.cursor, a.cursor));
  return sorted.filter((e, i) => e.cursor !== sorted[i - 1]?.cursor);
}
