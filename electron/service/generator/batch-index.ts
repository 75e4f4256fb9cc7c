// The recent driver batches the API and the dashboard list, newest first: read from disk at
// start-up, then fed by each commit, so listing them never touches the disk.
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parseBatchId } from '../../engine/format.ts';
import { realPathBelow } from '../store/no-symlinks.ts';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';

const RECENT_BATCHES = 500;

export class BatchIndex {
  private recent: StoredBatchMeta[] = [];

  constructor(private readonly store: DataStore) {}

  /** Reads the newest committed batches' metas (once, at start-up). */
  load(): void {
    const events = this.store.paths.events;
    if (!existsSync(events)) return;
    const root = this.store.paths.root;
    const ids = readdirSync(events)
      .filter((n) => parseBatchId(n) !== undefined && realPathBelow(root, join(events, n)))
      .sort()
      .reverse()
      .slice(0, RECENT_BATCHES);
    this.recent = ids.flatMap((id) => {
      const meta = this.store.readMeta(id);
      return meta ? [meta] : [];
    });
  }

  add(meta: StoredBatchMeta): void {
    this.recent.unshift(meta);
    if (this.recent.length > RECENT_BATCHES) this.recent.length = RECENT_BATCHES;
  }

  clear(): void {
    this.recent = [];
  }

  list(limit: number): StoredBatchMeta[] {
    return this.recent.slice(0, limit);
  }

  /** A committed batch's meta and the first lines of its files (reads only the head). */
  detail(
    batchId: string,
    lines: number,
  ): { meta: StoredBatchMeta; sample: string[]; quality: string[]; late: string[] } | undefined {
    if (parseBatchId(batchId) === undefined) return undefined;
    const root = this.store.paths.root;
    const folder = join(this.store.paths.events, batchId);
    // Nothing is served through a symbolic link (a batch folder pointing elsewhere).
    if (!realPathBelow(root, join(folder, 'batch_meta.json'))) return undefined;
    const meta = this.store.readMeta(batchId);
    if (!meta) return undefined;
    const head = (name: string) => {
      const path = join(folder, name);
      return realPathBelow(root, path) ? headLines(path, lines) : [];
    };
    return {
      meta,
      sample: head('events.jsonl'),
      quality: head('_quality.jsonl'),
      late: head('_late.jsonl'),
    };
  }
}

/** The first `count` lines of a file, reading at most 256 KiB. */
function headLines(path: string, count: number): string[] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(256 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf
      .subarray(0, n)
      .toString('utf8')
      .split('\n')
      .slice(0, count)
      .filter((l) => l.length > 0);
  } finally {
    closeSync(fd);
  }
}
