// The recent driver batches the API and the dashboard list, newest first: read from disk at
// start-up, then fed by each commit, so listing them never touches the disk. A batch of an
// epoch with `lifecycle` also says how many company changes took effect in its interval (from
// the change records the company batches committed: ChangeTally).
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parseBatchId } from '../../engine/format.ts';
import { realPathBelow } from '../store/no-symlinks.ts';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';
import { type ChangeCounts, type ChangeKind, ChangeTally, changesInText } from './change-tally.ts';

const RECENT_BATCHES = 500;

/** A batch as listed: its batch_meta.json, and with lifecycle its interval's company changes. */
export type ListedBatchMeta = StoredBatchMeta & Partial<ChangeCounts>;

export class BatchIndex {
  private recent: StoredBatchMeta[] = [];
  private readonly changes = new ChangeTally();

  constructor(private readonly store: DataStore) {}

  /** Reads the newest committed batches' metas (once, at start-up). */
  load(): void {
    this.loadChanges();
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

  /** A committed driver batch; returns it as listed. */
  add(meta: StoredBatchMeta): ListedBatchMeta {
    this.recent.unshift(meta);
    if (this.recent.length > RECENT_BATCHES) this.recent.length = RECENT_BATCHES;
    return this.listed(meta);
  }

  /**
   * A committed company batch's changes (effective_at, ms). Returns the recent batches whose
   * counts they changed, as listed now (to announce again): a change record is committed with
   * the company batch that holds its instant, which may close after the driver batches of it.
   */
  addChanges(changes: Record<ChangeKind, readonly number[]>): ListedBatchMeta[] {
    const instants = [...changes.deactivated, ...changes.reactivated];
    if (instants.length === 0) return [];
    this.changes.add(changes);
    return this.recent
      .filter((m) => {
        const [from, to] = [Date.parse(m.interval_start), Date.parse(m.interval_end)];
        return instants.some((t) => t >= from && t < to);
      })
      .map((m) => this.listed(m));
  }

  clear(): void {
    this.recent = [];
    this.changes.clear();
  }

  list(limit: number): ListedBatchMeta[] {
    return this.recent.slice(0, limit).map((m) => this.listed(m));
  }

  /** The meta with its interval's company changes when its epoch has lifecycle. */
  private listed(meta: StoredBatchMeta): ListedBatchMeta {
    const start = Date.parse(meta.interval_start);
    const epoch = this.store.epochs.find(
      (e) => Date.parse(e.start) <= start && (e.end === undefined || start < Date.parse(e.end)),
    );
    if (!epoch?.config.lifecycle) return meta;
    return { ...meta, ...this.changes.count(start, Date.parse(meta.interval_end)) };
  }

  /** The change records already in raw/companies.jsonl (only for a dataset with lifecycle). */
  private loadChanges(): void {
    this.changes.clear();
    const file = this.store.paths.companies;
    if (!this.store.epochs.some((e) => e.config.lifecycle) || !existsSync(file)) return;
    if (!realPathBelow(this.store.paths.root, file)) return;
    this.changes.add(changesInText(readFileSync(file, 'utf8')));
  }

  /** A committed batch's meta and the first lines of its files (reads only the head). */
  detail(
    batchId: string,
    lines: number,
  ): { meta: ListedBatchMeta; sample: string[]; quality: string[]; late: string[] } | undefined {
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
      meta: this.listed(meta),
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
