// The live connection: Server-Sent Events from /api/stream with our own reconnect and
// backoff, so a restarted service is picked up again and the UI says what is going on. The
// events and their data are those of shared/contract/stream-events.ts (types only).
import type { StreamEvent, StreamEventName } from '../../../shared/contract/stream-events.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface StreamOptions {
  url: string;
  /** The events to follow (default: every one the service sends). */
  events?: readonly StreamEventName[];
  onEvent: (event: StreamEvent) => void;
  onState: (state: ConnectionState, attempt: number) => void;
  /** Called after a reconnect, to fetch what may have been missed meanwhile. */
  onReconnected?: () => void;
  create?: (url: string) => EventSourceLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

// Every event of the map, and only those: tsc checks both ways.
const EVERY_EVENT: Record<StreamEventName, true> = {
  health: true,
  batch: true,
  log: true,
  spark: true,
  backfill: true,
  pipeline: true,
  class_results: true,
  class_reporting: true,
};
export const STREAM_EVENT_NAMES = Object.keys(EVERY_EVENT) as StreamEventName[];

export const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000] as const;

export function connectStream(options: StreamOptions): { close(): void } {
  const create = options.create ?? ((url) => new EventSource(url) as unknown as EventSourceLike);
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let source: EventSourceLike | undefined;
  let attempt = 0;
  let timer: unknown;
  let closed = false;
  let everConnected = false;

  const open = () => {
    if (closed) return;
    options.onState(everConnected ? 'reconnecting' : 'connecting', attempt);
    const s = create(options.url);
    source = s;
    s.onopen = () => {
      const wasReconnect = everConnected;
      everConnected = true;
      attempt = 0;
      options.onState('connected', 0);
      if (wasReconnect) options.onReconnected?.();
    };
    s.onerror = () => {
      // The browser's own retry is replaced by ours, with a visible state and backoff.
      s.close();
      if (closed || source !== s) return;
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] as number;
      attempt++;
      options.onState('reconnecting', attempt);
      timer = setTimer(open, delay);
    };
    for (const type of options.events ?? STREAM_EVENT_NAMES) {
      s.addEventListener(type, (event) => {
        try {
          // The service's hub sends each event with the data of its schema (stream.ts).
          options.onEvent({ type, data: JSON.parse(event.data) } as StreamEvent);
        } catch {
          // a malformed event is skipped; the next health event refreshes the view
        }
      });
    }
  };
  open();
  return {
    close() {
      closed = true;
      clearTimer(timer);
      source?.close();
    },
  };
}
