import { describe, expect, it } from 'vitest';
import type { LogEntry, LogPage } from '../../../shared/api.ts';
import type { Api, LogQuery } from '../api/client.ts';
import { CATCH_UP_PAGE, CATCH_UP_PAGES, createLogCatchUp, FIRST_LOG_PAGE } from './log-catch-up.ts';
import type { LogsSlice } from './logs-slice.ts';

const cursorOf = (i: number) =>
  `${new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 1000)).toISOString().slice(0, 23)}${String(i % 1000).padStart(3, '0')}Z`;
const entry = (i: number): LogEntry => ({
  ts: cursorOf(i),
  level: 'info',
  message: `m${i}`,
  source: 'test',
  context: {},
  cursor: cursorOf(i),
});

/** /api/logs over `count` entries, with since (oldest `limit` after it) and before. */
function logsApi(count: number) {
  const all = Array.from({ length: count }, (_, i) => entry(count - 1 - i)); // newest first
  const position = new Map(all.map((e, i) => [e.cursor, i]));
  const calls: LogQuery[] = [];
  const logs = async (q: LogQuery = {}): Promise<LogPage> => {
    calls.push(q);
    const limit = q.limit ?? 100;
    // Positions in `all` (newest first) of the cursors, instead of comparing 25,000 cursors.
    const at = (cursor: string) => position.get(cursor) as number;
    const end = q.since ? at(q.since) : all.length;
    const start = q.before ? at(q.before) + 1 : 0;
    const matching = all.slice(start, end);
    const entries = q.since ? matching.slice(-limit) : matching.slice(0, limit);
    return {
      entries,
      totalReturned: entries.length,
      nextSince: entries[0]?.cursor ?? null,
      nextBefore: entries.at(-1)?.cursor ?? null,
    };
  };
  return { all, calls, api: { logs } as unknown as Api };
}

function held(entries: LogEntry[], through: string | null): LogsSlice['logs'] {
  return {
    entries,
    nextBefore: entries.at(-1)?.cursor ?? null,
    hasOlder: true,
    loadingOlder: false,
    level: 'debug',
    text: '',
    through,
  };
}

describe('catching up the log list', () => {
  it('pages forward from the newest complete entry until it has everything', async () => {
    const { all, api } = logsApi(3_500);
    let logs = held(all.slice(3_000), all[3_000]?.cursor ?? null);
    const catchUp = createLogCatchUp(
      api,
      () => logs,
      (fn) => {
        logs = fn(logs);
      },
    );
    await catchUp.run();
    expect(logs.entries.map((e) => e.message)).toEqual(all.map((e) => e.message));
    expect(logs.through).toBe(all[0]?.cursor);
  });

  it('starts again from the newest page when too far behind, with no gap below it', async () => {
    const count = CATCH_UP_PAGE * CATCH_UP_PAGES + 5_000;
    const { all, api } = logsApi(count);
    let logs = held(all.slice(count - 10), all[count - 10]?.cursor ?? null);
    const catchUp = createLogCatchUp(
      api,
      () => logs,
      (fn) => {
        logs = fn(logs);
      },
    );
    await catchUp.run();
    expect(logs.entries.map((e) => e.message)).toEqual(
      all.slice(0, FIRST_LOG_PAGE).map((e) => e.message),
    );
    expect(logs.nextBefore).toBe(all[FIRST_LOG_PAGE - 1]?.cursor);
    expect(logs.through).toBe(all[0]?.cursor);
  });
});
