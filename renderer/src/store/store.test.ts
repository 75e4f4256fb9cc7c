import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchMeta, Health, LogEntry } from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import { type Api, ApiError } from '../api/client.ts';
import type { EventSourceLike } from '../api/stream.ts';
import { createStore, mergeLogs } from './store.ts';

const entry = (i: number): LogEntry => ({
  ts: new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 3)).toISOString(),
  level: 'info',
  message: `m${i}`,
  source: 'test',
  context: {},
  cursor: `${new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 3)).toISOString()}#${i % 3}`,
});

function fakeApi(overrides: Partial<Api>): Api {
  const fail = () => Promise.reject(new ApiError(0, 'unreachable', 'not in this test'));
  return new Proxy(overrides as Api, {
    get: (target, key) => (target as Record<string, unknown>)[key as string] ?? fail,
  });
}

describe('log paging in the store', () => {
  it('merges pages without repeating an entry', () => {
    const newest = [entry(9), entry(8), entry(7)];
    const older = [entry(7), entry(6), entry(5)];
    expect(mergeLogs(newest, older).map((e) => e.message)).toEqual(['m9', 'm8', 'm7', 'm6', 'm5']);
    expect(mergeLogs(newest, [entry(10), entry(9)]).map((e) => e.message)).toEqual([
      'm10',
      'm9',
      'm8',
      'm7',
    ]);
  });

  it('keeps entries that fall inside the list (a page that missed a gap), each once', () => {
    const held = [entry(20), entry(19), entry(5), entry(4)];
    const page = [entry(19), entry(18), entry(7), entry(6), entry(5), entry(3)];
    expect(mergeLogs(held, page).map((e) => e.message)).toEqual([
      'm20',
      'm19',
      'm18',
      'm7',
      'm6',
      'm5',
      'm4',
      'm3',
    ]);
    expect(mergeLogs(held, [entry(19), entry(4)])).toBe(held);
  });

  it('loads older pages before the oldest entry it has until none are left', async () => {
    const all = Array.from({ length: 1200 }, (_, i) => entry(i)).reverse(); // newest first
    const calls: Array<string | undefined> = [];
    const api = fakeApi({
      logs: async (q = {}) => {
        calls.push(q.before);
        const start = q.before ? all.findIndex((e) => e.cursor === q.before) + 1 : 0;
        const entries = all.slice(start, start + (q.limit ?? 100));
        return {
          entries,
          totalReturned: entries.length,
          nextSince: entries[0]?.cursor ?? null,
          nextBefore: entries.at(-1)?.cursor ?? null,
        };
      },
    });
    const store = createStore(api);
    store.setState((s) => ({ logs: { ...s.logs, entries: all.slice(0, 200) } }));
    await store.getState().loadOlderLogs();
    expect(calls).toEqual([all[199]?.cursor]);
    expect(store.getState().logs.entries.length).toBe(700);
    await store.getState().loadOlderLogs();
    await store.getState().loadOlderLogs();
    const messages = store.getState().logs.entries.map((e) => e.message);
    expect(messages).toEqual(all.map((e) => e.message));
    expect(store.getState().logs.hasOlder).toBe(false);
  });

  it('orders cursors by time, then by their counter as a number', () => {
    const a = '2024-01-01T00:00:00.000Z#9';
    const b = '2024-01-01T00:00:00.000Z#10';
    expect(compareCursorText(a, b)).toBeLessThan(0);
    expect(
      mergeLogs([{ ...entry(0), cursor: a }], [{ ...entry(1), cursor: b }]).map((e) => e.cursor),
    ).toEqual([b, a]);
  });
});

/** Stands in for the browser's EventSource, so start() runs as it does in the app. */
class FakeSource implements EventSourceLike {
  static opened: FakeSource[] = [];
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {}
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent);
  }
}

describe('live log lines from the stream', () => {
  beforeEach(() => {
    FakeSource.opened = [];
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function started() {
    const store = createStore(fakeApi({}));
    const stop = store.getState().start();
    const source = FakeSource.opened[0] as FakeSource;
    source.onopen?.(new Event('open'));
    const messages = () => store.getState().logs.entries.map((e) => e.message);
    return { store, stop, source, messages };
  }

  it('merges a burst in one update after 100 ms, newest first', () => {
    const { store, source, messages } = started();
    let updates = 0;
    store.subscribe((s, before) => {
      if (s.logs !== before.logs) updates++;
    });
    for (const i of [1, 2, 3]) source.emit('log', entry(i));
    vi.advanceTimersByTime(99);
    expect(messages()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(messages()).toEqual(['m3', 'm2', 'm1']);
    expect(updates).toBe(1);
  });

  it('takes live log events at the top without duplicates', () => {
    const { source, messages } = started();
    source.emit('log', entry(1));
    source.emit('log', entry(2));
    source.emit('log', entry(2));
    vi.advanceTimersByTime(100);
    expect(messages()).toEqual(['m2', 'm1']);
    source.emit('log', entry(2));
    source.emit('log', entry(3));
    vi.advanceTimersByTime(100);
    expect(messages()).toEqual(['m3', 'm2', 'm1']);
  });

  it('drops the pending burst when stopped', () => {
    const { stop, source, messages } = started();
    source.emit('log', entry(1));
    stop();
    vi.advanceTimersByTime(1000);
    expect(messages()).toEqual([]);
  });
});

describe('preset errors in the store', () => {
  it('keeps the API issues of an invalid preset for inline display', async () => {
    const api = fakeApi({
      applyPreset: async () => {
        throw new ApiError(400, 'invalid_config', 'the config is invalid; nothing changed', [
          { path: 'number_of_companies', message: 'number_of_companies (0) must be > 0' },
        ]);
      },
    });
    const store = createStore(api);
    store.getState().selectPreset('broken');
    await store.getState().applyPreset();
    expect(store.getState().presets.error).toEqual({
      message: 'the config is invalid; nothing changed',
      issues: [{ path: 'number_of_companies', message: 'number_of_companies (0) must be > 0' }],
    });
    expect(store.getState().presets.applying).toBe(false);
    expect(store.getState().ui.announcement).toMatch(/Preset not applied/);
    // Choosing another preset clears the error.
    store.getState().selectPreset('base');
    expect(store.getState().presets.error).toBeNull();
  });

  it('announces status changes for screen readers', () => {
    const store = createStore(fakeApi({}));
    const health = (status: string) => ({ status, backfill: null }) as never;
    store.getState().handleEvent({ type: 'health', data: health('running') });
    store.getState().handleEvent({ type: 'health', data: health('paused') });
    expect(store.getState().ui.announcement).toBe('Generator paused');
  });
});

describe('health in the store', () => {
  it('keeps a newer health when a refresh begun before a join answers after the stream told of it', async () => {
    let answerSpark: (value: never) => void = () => undefined;
    const at = (iso: string, status: string, classCode: string | null) =>
      ({ status, timestamp: iso, class_code: classCode, backfill: null }) as unknown as Health;
    const api = fakeApi({
      // Asked at page load; the Spark status (it asks Docker) is slow to answer.
      health: async () => at('2026-12-05T00:36:48.900Z', 'paused', null),
      batches: async () => ({ batches: [] }) as never,
      presets: async () => ({ presets: [] }) as never,
      spark: () => new Promise((resolve) => (answerSpark = resolve)),
      logs: async () => ({ entries: [] }) as never,
    });
    const store = createStore(api);
    const refreshing = store.getState().refresh();
    // The page-load health is shown at once, without waiting for the Spark status.
    await vi.waitFor(() => expect(store.getState().health?.status).toBe('paused'));
    // The student joins: the stream says so.
    store.getState().handleEvent({
      type: 'health',
      data: at('2026-12-05T00:36:50.200Z', 'running', '89Q0-0000-58AD-HHE0-008A'),
    });
    // An older report (sent before the join) answering late changes nothing.
    store.getState().handleEvent({
      type: 'health',
      data: at('2026-12-05T00:36:49.000Z', 'paused', null),
    });
    answerSpark({ state: 'stopped' } as never);
    await refreshing;
    expect(store.getState().health).toMatchObject({
      status: 'running',
      class_code: '89Q0-0000-58AD-HHE0-008A',
    });
  });
});

describe('access in the store', () => {
  it('learns its access from GET /api/health even when the stream answered first', async () => {
    const at = (iso: string, access?: 'read_only') =>
      ({ status: 'running', timestamp: iso, backfill: null, access }) as unknown as Health;
    const store = createStore(
      fakeApi({
        // The page's GET, computed a moment before the stream's first event.
        health: async () => at('2026-12-05T01:12:00.100Z', 'read_only'),
        batches: async () => ({ batches: [] }) as never,
        presets: async () => ({ presets: [] }) as never,
        spark: async () => ({ state: 'stopped' }) as never,
        logs: async () => ({ entries: [] }) as never,
      }),
    );
    store.getState().handleEvent({ type: 'health', data: at('2026-12-05T01:12:00.200Z') });
    await store.getState().refresh();
    expect(store.getState().health).toMatchObject({
      timestamp: '2026-12-05T01:12:00.200Z',
      access: 'read_only',
    });
  });
});

describe('Clean in the store', () => {
  it('keeps the list empty when a refresh begun before the clean answers after it', async () => {
    let answerBatches: (value: { batches: BatchMeta[] }) => void = () => undefined;
    const api = fakeApi({
      health: async () => ({ status: 'paused', backfill: null }) as unknown as Health,
      batches: () => new Promise((resolve) => (answerBatches = resolve)),
      clean: async () => ({
        success: true,
        timestamp: '2026-11-26T12:00:00.000Z',
        deleted_count: 3,
        deleted_items: [],
        errors: [],
      }),
    });
    const store = createStore(api);
    const refreshing = store.getState().refresh();
    await store.getState().clean();
    // The list from before the clean arrives only now.
    answerBatches({ batches: [{ batch_id: '20240101T000000Z' } as BatchMeta] });
    await refreshing;
    expect(store.getState().batches).toEqual([]);
    expect(store.getState().cleaned).toBe(1);
  });
});
