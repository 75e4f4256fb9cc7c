import { describe, expect, it } from 'vitest';
import { BACKOFF_MS, type ConnectionState, connectStream, type EventSourceLike } from './stream.ts';

class FakeSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, (event: MessageEvent) => void>();
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent);
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const states: Array<[ConnectionState, number]> = [];
  const events: Array<[string, unknown]> = [];
  let reconnected = 0;
  const connection = connectStream({
    url: '/api/stream',
    events: ['health', 'log'],
    onEvent: (event) => events.push([event.type, event.data]),
    onState: (state, attempt) => states.push([state, attempt]),
    onReconnected: () => reconnected++,
    create: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
  });
  return { sources, timers, states, events, connection, reconnected: () => reconnected };
}

describe('connectStream', () => {
  it('passes events on and reports the connection state', () => {
    const h = harness();
    expect(h.states).toEqual([['connecting', 0]]);
    h.sources[0]?.onopen?.(new Event('open'));
    h.sources[0]?.emit('health', { status: 'running' });
    expect(h.states.at(-1)).toEqual(['connected', 0]);
    expect(h.events).toEqual([['health', { status: 'running' }]]);
  });

  it('follows every event of the service when not told which', () => {
    const source = new FakeSource();
    connectStream({
      url: '/api/stream',
      onEvent: () => undefined,
      onState: () => undefined,
      create: () => source,
    });
    expect([...source.listeners.keys()].sort()).toEqual(
      [
        'backfill',
        'batch',
        'health',
        'log',
        'pipeline',
        'spark',
        'class_results',
        'class_reporting',
      ].sort(),
    );
  });

  it('reconnects with growing backoff and refetches after reconnecting', () => {
    const h = harness();
    h.sources[0]?.onopen?.(new Event('open'));
    for (let i = 0; i < 8; i++) {
      const source = h.sources.at(-1) as FakeSource;
      source.onerror?.(new Event('error'));
      expect(source.closed).toBe(true);
      h.timers.at(-1)?.fn();
    }
    expect(h.timers.map((t) => t.ms)).toEqual([...BACKOFF_MS, 10000, 10000]);
    expect(h.states.filter(([s]) => s === 'reconnecting').length).toBeGreaterThan(8);
    expect(h.reconnected()).toBe(0);
    h.sources.at(-1)?.onopen?.(new Event('open'));
    expect(h.reconnected()).toBe(1);
    // After a good connection the backoff starts over.
    h.sources.at(-1)?.onerror?.(new Event('error'));
    expect(h.timers.at(-1)?.ms).toBe(BACKOFF_MS[0]);
  });

  it('stops for good when closed', () => {
    const h = harness();
    h.connection.close();
    h.sources[0]?.onerror?.(new Event('error'));
    expect(h.timers).toEqual([]);
    expect(h.sources[0]?.closed).toBe(true);
  });
});
