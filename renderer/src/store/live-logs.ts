// Live log lines arrive in bursts (a catch-up commits many batches). They are merged into the
// list once per burst, not once per line, so the 100,000 entries held are not copied per line.
import type { LogEntry } from '../../../shared/api.ts';
import { newestFirstOnce } from './logs-slice.ts';

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
