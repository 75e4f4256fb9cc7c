import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCursor } from '../../../shared/log-cursor.ts';
import { LogStore } from './log-store.ts';
import { createLogger } from './logger.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-logs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 60 entries over three milliseconds (20 each) and two UTC days. */
function writeLogs(dir: string): string[] {
  const stamps = [
    Date.UTC(2024, 0, 1, 23, 59, 59, 999),
    Date.UTC(2024, 0, 2, 0, 0, 0, 0),
    Date.UTC(2024, 0, 2, 0, 0, 0, 1),
  ];
  let i = 0;
  let current = stamps[0] as number;
  const log = createLogger({ dir, component: 'test', clock: () => new Date(current) });
  const messages: string[] = [];
  for (const t of stamps) {
    current = t;
    for (let k = 0; k < 20; k++) {
      const message = `entry ${i++}`;
      messages.push(message);
      if (k % 7 === 0) log.error(message);
      else log.info(message);
    }
  }
  return messages;
}

describe('LogStore', () => {
  const dir = join(scratch, 'logs');
  const messages = writeLogs(dir);

  it('polls forward with since=nextSince without repeats or gaps, even within one millisecond', () => {
    const store = new LogStore(dir);
    store.load();
    const seen: string[] = [];
    let since = parseCursor('2024-01-01T00:00:00Z', 'since');
    for (let i = 0; i < 100; i++) {
      const page = store.query({ limit: 7, since });
      if (page.entries.length === 0) break;
      seen.push(...page.entries.map((e) => e.message).reverse());
      since = parseCursor(page.nextSince as string, 'since');
    }
    expect(seen).toEqual(messages);
  });

  it('pages backward with before=nextBefore, also beyond the in-memory window', () => {
    const store = new LogStore(dir, 10); // the rest must come back from the day files
    store.load();
    const seen: string[] = [];
    let page = store.query({ limit: 6 });
    while (page.entries.length > 0) {
      seen.push(...page.entries.map((e) => e.message));
      page = store.query({ limit: 6, before: parseCursor(page.nextBefore as string, 'before') });
    }
    expect(seen).toEqual([...messages].reverse());
  });

  it('filters by minimum level and maps WARN to warning', () => {
    const store = new LogStore(join(scratch, 'levels'));
    const log = createLogger({ dir: undefined, component: 'x', listeners: [(e) => store.add(e)] });
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(
      store.query({ limit: 10, level: 'warning' }).entries.map((e) => [e.message, e.level]),
    ).toEqual([
      ['c', 'error'],
      ['b', 'warning'],
    ]);
    expect(store.query({ limit: 10, level: 'error' }).totalReturned).toBe(1);
  });

  it('gives every entry a cursor that is a plain, URL-safe time, unique and in order', () => {
    const store = new LogStore(dir);
    store.load();
    const cursors = store.query({ limit: 1000 }).entries.map((e) => e.cursor);
    expect(cursors.length).toBe(messages.length);
    for (const c of cursors) expect(c).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(new Set(cursors).size).toBe(cursors.length);
    // Newest first, and the text sorts like the entries.
    expect([...cursors].sort().reverse()).toEqual(cursors);
  });

  it('reads the earlier `#n` cursors the same as the new ones', () => {
    const store = new LogStore(dir);
    store.load();
    const all = store.query({ limit: 1000 }).entries;
    const middle = all[Math.floor(all.length / 2)] as (typeof all)[number];
    const c = parseCursor(middle.cursor, 'since') as { ts: string; n: number };
    const legacy = `${c.ts}#${c.n}`;
    expect(store.query({ limit: 1000, since: parseCursor(legacy, 'since') })).toEqual(
      store.query({ limit: 1000, since: parseCursor(middle.cursor, 'since') }),
    );
  });
});
