// What the tray shows: the generator's status, followed on the API's event stream (its
// `health` events) like the dashboard does, instead of polling. Reconnects with a backoff
// when the stream drops (or the service restarts on another port); meanwhile the status is
// unknown. No `electron` import, so it runs and is tested under plain Node.
import { type Fetch, openEventStream } from './event-stream.ts';

export const TRAY_BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000] as const;

export interface HealthFollowerOptions {
  /** The service's origin now (undefined while it is not running). */
  baseUrl: () => string | undefined;
  /** Called with each status (`running`, `paused`, `error`), and undefined while disconnected. */
  onStatus: (status: string | undefined) => void;
  fetcher?: Fetch;
}

export function followHealth(options: HealthFollowerOptions): { stop(): void } {
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: { close(): void } | undefined;
  let last: string | undefined | null = null;
  const report = (status: string | undefined) => {
    if (status === last) return;
    last = status;
    options.onStatus(status);
  };
  const retry = () => {
    report(undefined);
    if (stopped) return;
    const delay = TRAY_BACKOFF_MS[Math.min(attempt, TRAY_BACKOFF_MS.length - 1)] as number;
    attempt++;
    timer = setTimeout(connect, delay);
    timer.unref?.();
  };
  const connect = () => {
    timer = undefined;
    if (stopped) return;
    const base = options.baseUrl();
    if (base === undefined) return retry();
    const stream = openEventStream(`${base}/api/stream`, options.fetcher);
    current = stream;
    stream.onopen = () => {
      attempt = 0;
    };
    stream.onerror = () => {
      stream.close();
      if (current === stream) retry();
    };
    stream.addEventListener('health', (event) => {
      try {
        const health = JSON.parse(event.data) as { status?: unknown };
        if (typeof health.status === 'string') report(health.status);
      } catch {
        // a malformed event is skipped; the next health event (15 s at most) says it again
      }
    });
  };
  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      current?.close();
    },
  };
}
