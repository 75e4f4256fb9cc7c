// The data directory: atomic batch commits, the state file, the manifests, and start-up repair
// (leftover temp folders, torn companies.jsonl tails, batches committed after the last state
// write). One DataStore per data dir and process: it is the state file's single writer.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import type { GeneratorConfig } from '../../../shared/config.ts';
import type { CompanyBatchKey, CompanyBatchResult } from '../../engine/companies.ts';
import type { DriverBatchMeta } from '../../engine/driver-batch.ts';
import { batchIdOf, isoSeconds, parseBatchId } from '../../engine/format.ts';
import type { Epoch } from '../../engine/plan.ts';
import { StoreError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { appendBytes, writeFileAtomic, writeJsonAtomic } from '../platform/atomic.ts';
import { renameWithRetry } from '../platform/rename-retry.ts';
import { describeDataset } from './dataset-doc.ts';
import { prepareFolders } from './folders.ts';
import { type DataPaths, dataPaths } from './paths.ts';
import {
  type EpochRecord,
  emptyState,
  epochFromRecord,
  type GeneratorState,
  readStateFile,
} from './state.ts';

export interface StoreOptions {
  log: Logger;
  clock?: () => Date;
  /** fsync files before they become visible (power-loss safety; costs disk bandwidth). */
  durable?: boolean;
}

/** batch_meta.json as written: the engine's meta plus the wall-clock generation_time. */
export type StoredBatchMeta = DriverBatchMeta & { generation_time: string };

const seconds = (iso: string) => Date.parse(iso) / 1000;

export class DataStore {
  readonly paths: DataPaths;
  private stateValue: GeneratorState | undefined;
  private readonly log: Logger;
  private readonly clock: () => Date;
  readonly durable: boolean;

  private constructor(root: string, options: StoreOptions) {
    this.paths = dataPaths(root);
    this.log = options.log;
    this.clock = options.clock ?? (() => new Date());
    this.durable = options.durable ?? true;
  }

  /** Opens (creating if needed) and repairs a data dir. Throws StoreError with a clear message. */
  static open(root: string, options: StoreOptions): DataStore {
    const store = new DataStore(root, options);
    prepareFolders(store.paths, store.log);
    store.stateValue = store.loadState();
    store.repairCompanies();
    store.reconcileBatches();
    return store;
  }

  get state(): GeneratorState | undefined {
    return this.stateValue;
  }

  get epochs(): EpochRecord[] {
    return this.stateValue?.epochs ?? [];
  }

  currentEpoch(): { index: number; epoch: Epoch; record: EpochRecord } | undefined {
    const records = this.epochs;
    const record = records[records.length - 1];
    return record
      ? { index: records.length - 1, epoch: epochFromRecord(record), record }
      : undefined;
  }

  private loadState(): GeneratorState | undefined {
    const state = readStateFile(this.paths.state);
    if (!state && (existsSync(this.paths.companies) || readdirSync(this.paths.events).length > 0)) {
      throw new StoreError(
        'state_missing',
        `${this.paths.root} holds generated data but no manifests/generator_state.json; clean it or choose another --data-dir`,
      );
    }
    return state;
  }

  /** Truncates any torn tail beyond the committed length (docs/data-folder.md). */
  private repairCompanies(): void {
    const committed = this.stateValue?.companies;
    for (const [path, length] of [
      [this.paths.companies, committed?.bytes ?? 0],
      [this.paths.companiesQuality, committed?.quality_bytes ?? 0],
    ] as const) {
      const size = existsSync(path) ? statSync(path).size : 0;
      if (size > length) {
        truncateSync(path, length);
        this.log.warn('truncated a torn tail beyond the committed length', {
          file: path,
          committed_bytes: length,
          removed_bytes: size - length,
        });
      } else if (size < length) {
        throw new StoreError(
          'companies_truncated',
          `${path} is shorter (${size} bytes) than its committed length (${length}); it was changed outside the generator. Clean the data dir to start over`,
        );
      }
    }
  }

  /** Counts batches that were committed after the last state write (a crash in between). */
  private reconcileBatches(): void {
    const state = this.stateValue;
    if (!state) return;
    const last = state.drivers.last_batch_id ?? '';
    const later = readdirSync(this.paths.events)
      .filter((name) => parseBatchId(name) !== undefined && name > last)
      .sort();
    for (const id of later) {
      const meta = this.readMeta(id);
      if (meta) this.countDriverBatch(meta);
    }
    if (later.length > 0) {
      this.log.warn('counted batches committed after the last state write', { batches: later });
      this.saveState();
    }
  }

  readMeta(batchId: string): StoredBatchMeta | undefined {
    try {
      return JSON.parse(readFileSync(join(this.paths.events, batchId, 'batch_meta.json'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  hasDriverBatch(startSeconds: number): boolean {
    return existsSync(join(this.paths.events, batchIdOf(startSeconds)));
  }

  /**
   * Starts a new epoch (first dataset, or a config/seed change). `companyOffset` defaults to
   * the companies committed so far; a switch announced ahead passes what the previous epoch
   * will have onboarded by then.
   */
  startEpoch(
    config: GeneratorConfig,
    seed: number,
    startSeconds: number,
    options: { companyOffset?: number; endPreviousAt?: number; backfill?: boolean } = {},
  ): Epoch {
    const now = this.clock();
    const state = this.stateValue ?? emptyState(seed, now);
    const previous = state.epochs[state.epochs.length - 1];
    if (previous && options.endPreviousAt !== undefined)
      previous.end = isoSeconds(options.endPreviousAt);
    state.epochs.push({
      start: isoSeconds(startSeconds),
      seed,
      preset: config.name,
      config,
      company_offset: options.companyOffset ?? state.companies.count,
      skipped: [],
      initial_fleet_committed: false,
    });
    state.seed = seed;
    if (state.frontier === null) state.frontier = isoSeconds(startSeconds);
    // A backfill's epoch, its record and `running` are saved together: a crash right after
    // must not leave a running dataset whose catch-up limit skips the backfill's range.
    if (options.backfill) {
      state.backfill = { from: isoSeconds(startSeconds), started_at: now.toISOString() };
      state.paused = false;
    }
    this.stateValue = state;
    this.saveState();
    writeJsonAtomic(this.paths.seedManifest, { seed }, this.durable);
    this.writeDatasetDoc();
    this.log.info('started a dataset epoch', {
      epoch: state.epochs.length - 1,
      preset: config.name,
      seed,
      start: isoSeconds(startSeconds),
    });
    return (this.currentEpoch() as { epoch: Epoch }).epoch;
  }

  /** Records that no batch of an epoch (default: the current one) starts in [from, to). */
  addSkipped(fromSeconds: number, toSeconds: number, epochIndex?: number): void {
    const record =
      epochIndex === undefined
        ? this.requireEpoch().record
        : this.requireState().epochs[epochIndex];
    if (!record) throw new StoreError('no_epoch', `no epoch ${epochIndex}`);
    if (toSeconds <= fromSeconds) return;
    const last = record.skipped[record.skipped.length - 1];
    if (last && seconds(last[1]) === fromSeconds) last[1] = isoSeconds(toSeconds);
    else record.skipped.push([isoSeconds(fromSeconds), isoSeconds(toSeconds)]);
    this.saveState();
  }

  /** Creates the state file for a data dir that has no dataset yet (to remember `paused`). */
  ensureState(seed: number): GeneratorState {
    if (!this.stateValue) {
      this.stateValue = emptyState(seed, this.clock());
      this.saveState();
    }
    return this.stateValue;
  }

  /** The unfinished backfill, if any (see the state file's `backfill`). */
  get backfill(): { from: string; started_at: string } | null {
    return this.stateValue?.backfill ?? null;
  }

  /** The backfill is done (caught up) or was given up on purpose (cancel, pause, clean). */
  endBackfill(): void {
    if (!this.stateValue?.backfill) return;
    this.stateValue.backfill = null;
    this.saveState();
  }

  setPaused(paused: boolean): void {
    const state = this.requireState();
    if (state.paused === paused) return;
    state.paused = paused;
    this.saveState();
  }

  /** After a clean: a fresh state with no dataset, keeping the paused flag. */
  resetState(seed: number, paused: boolean): void {
    this.stateValue = { ...emptyState(seed, this.clock()), paused };
    mkdirSync(this.paths.events, { recursive: true });
    this.saveState();
  }

  /** Drops an announced epoch that has not started, reopening the one before it. */
  dropPendingEpoch(): void {
    const state = this.requireState();
    state.epochs.pop();
    const previous = state.epochs[state.epochs.length - 1];
    if (previous) delete previous.end;
    this.saveState();
  }

  /** Moves the frontier forward (never back) and saves. */
  setFrontier(atSeconds: number): void {
    if (this.advanceFrontier(atSeconds)) this.saveState();
  }

  private advanceFrontier(atSeconds: number | undefined): boolean {
    const state = this.requireState();
    if (atSeconds === undefined) return false;
    if (state.frontier !== null && seconds(state.frontier) >= atSeconds) return false;
    state.frontier = isoSeconds(atSeconds);
    return true;
  }

  frontierSeconds(): number | undefined {
    const f = this.stateValue?.frontier;
    return f ? seconds(f) : undefined;
  }

  /** Appends one onboarding batch to companies.jsonl (one write) and records its length. */
  commitCompanies(
    key: CompanyBatchKey,
    bytes: Uint8Array,
    result: CompanyBatchResult,
    frontierSeconds?: number,
  ): void {
    const state = this.requireState();
    const { record } = this.requireEpoch();
    if (state.companies.bytes === 0) {
      // The first batch creates the file atomically, so even a large initial fleet is never torn.
      writeFileAtomic(this.paths.companies, bytes, this.durable);
    } else {
      appendBytes(this.paths.companies, bytes, this.durable);
    }
    if (result.quality.length > 0) {
      const lines = result.quality
        .map((q) =>
          JSON.stringify({
            line: state.companies.lines + q.line,
            company_id: q.id,
            issue: q.issue,
            field: q.field,
          }),
        )
        .join('\n');
      const qbytes = Buffer.from(`${lines}\n`);
      appendBytes(this.paths.companiesQuality, qbytes, this.durable);
      state.companies.quality_bytes += qbytes.length;
    }
    state.companies.bytes += bytes.length;
    state.companies.lines += result.lines;
    state.companies.count += result.companies;
    state.companies.corrupted += result.quality.length;
    state.companies.batches += 1;
    state.last_company_batch_time = this.clock().toISOString();
    if (key.kind === 'initial') record.initial_fleet_committed = true;
    else state.companies.last_onboarding_start = isoSeconds(key.startSeconds);
    this.advanceFrontier(frontierSeconds);
    this.saveState();
  }

  /** Makes a finished batch folder visible with one rename, then counts it. */
  commitDriverBatch(tmpDir: string, meta: StoredBatchMeta, frontierSeconds?: number): void {
    const target = join(this.paths.events, meta.batch_id);
    if (existsSync(target)) {
      rmSync(tmpDir, { recursive: true, force: true });
      throw new StoreError('batch_exists', `batch ${meta.batch_id} is already committed`);
    }
    renameWithRetry(tmpDir, target);
    this.countDriverBatch(meta);
    this.advanceFrontier(frontierSeconds);
    this.saveState();
  }

  private countDriverBatch(meta: StoredBatchMeta): void {
    const d = this.requireState().drivers;
    d.batches += 1;
    d.events += meta.event_count;
    d.corrupted += meta.corrupted_count;
    d.records += meta.record_count;
    if (d.last_batch_id === null || meta.batch_id > d.last_batch_id) {
      d.last_batch_id = meta.batch_id;
      d.last_interval_end = meta.interval_end;
    }
    d.last_batch_time = meta.generation_time;
  }

  saveState(): void {
    const state = this.requireState();
    mkdirSync(this.paths.manifests, { recursive: true });
    const now = this.clock().toISOString();
    state.updated_at = now;
    writeJsonAtomic(this.paths.state, state, this.durable);
    writeJsonAtomic(
      this.paths.batchManifest,
      {
        last_batch_id: state.drivers.last_batch_id,
        total_events: state.drivers.events,
        last_updated: now,
      },
      this.durable,
    );
  }

  writeDatasetDoc(): void {
    const state = this.requireState();
    writeFileAtomic(this.paths.datasetDoc, describeDataset(state), this.durable);
  }

  private requireState(): GeneratorState {
    if (!this.stateValue) throw new StoreError('no_dataset', 'the data dir holds no dataset yet');
    return this.stateValue;
  }

  private requireEpoch() {
    const current = this.currentEpoch();
    if (!current) throw new StoreError('no_dataset', 'the data dir holds no dataset yet');
    return current;
  }
}
