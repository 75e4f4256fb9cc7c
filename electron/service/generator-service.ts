// The continuous generator (CONTRACT sections 2 and 5): a scheduler that produces every batch
// when its interval closes, start-up catch-up, pause / resume / clean with auto-reinit,
// preset switches as new epochs, backfill, and the health snapshot. No `electron` import:
// the same class runs under `npm run serve` and in the desktop app's main process.
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  contentIdentity,
  effectiveIntervals,
  type GeneratorConfig,
  SEED_LIMIT,
} from '../../shared/config.ts';
import { isoSeconds, parseBatchId } from '../engine/format.ts';
import { companiesEligible, type Epoch, epochShape } from '../engine/plan.ts';
import { type Clock, systemClock } from './clock/clock.ts';
import { type ApiLogEntry, LogStore } from './logs/log-store.ts';
import { createLogger, type Logger, newRunId } from './logs/logger.ts';
import { defaultWorkerCount, WorkerPool } from './pool/worker-pool.ts';
import { planBatches, produceBatches } from './producer.ts';
import { dataPaths } from './store/paths.ts';
import { DataStore, epochFromRecord, type StoredBatchMeta } from './store/store.ts';

/** An error with a code and an HTTP status, for the API to pass on as it is. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface ServiceOptions {
  dataDir: string;
  /** The config to run (--preset/--config); otherwise the dataset's own, otherwise `fallbackConfig`. */
  config?: GeneratorConfig | undefined;
  fallbackConfig: GeneratorConfig;
  seed?: number | undefined;
  startPaused?: boolean;
  workers?: number;
  clock?: Clock;
  durable?: boolean;
}

export interface AutoReinit {
  performed: boolean;
  at: string | null;
  actions: string[];
  missing_files: string[];
}

export interface BackfillStatus {
  running: boolean;
  from: string;
  done: number;
  total: number;
  events: number;
  started_at: string;
  finished_at: string | null;
  cancelled: boolean;
  error: string | null;
}

export interface ActionResult {
  action: 'pause' | 'resume';
  success: boolean;
  status: 'running' | 'paused' | 'error';
  message: string;
  error: string | null;
  timestamp: string;
  extra: Record<string, unknown>;
}

export interface CleanResult {
  success: true;
  deleted_count: number;
  deleted_items: string[];
  errors: string[];
}

interface ServiceEvents {
  batch: [StoredBatchMeta];
  log: [ApiLogEntry];
  health: [];
  backfill: [BackfillStatus];
}

const RECENT_BATCHES = 500;

export class GeneratorService {
  readonly events = new EventEmitter<ServiceEvents>();
  readonly logs: LogStore;
  readonly log: Logger;
  readonly startTime: Date;
  readonly runId = newRunId();
  private readonly store: DataStore;
  private readonly pool: WorkerPool;
  private readonly clock: Clock;
  private config: GeneratorConfig;
  private readonly seedOverride: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private lastError: { message: string; at: string } | null = null;
  private autoReinit: AutoReinit = { performed: false, at: null, actions: [], missing_files: [] };
  private backfillStatus: BackfillStatus | null = null;
  private backfillAbort: AbortController | undefined;
  private recent: StoredBatchMeta[] = [];

  private constructor(options: ServiceOptions, store: DataStore, logs: LogStore, log: Logger) {
    this.clock = options.clock ?? systemClock;
    this.startTime = new Date(this.clock.now());
    this.store = store;
    this.logs = logs;
    this.log = log;
    this.seedOverride = options.seed;
    this.config = options.config ?? this.currentEpochConfig() ?? options.fallbackConfig;
    this.pool = new WorkerPool(options.workers ?? defaultWorkerCount());
  }

  /** Opens the data dir (repairing it), starts the workers and the scheduler. */
  static start(options: ServiceOptions): GeneratorService {
    const paths = dataPaths(options.dataDir);
    const logs = new LogStore(paths.logs);
    logs.load();
    let service: GeneratorService | undefined;
    const clock = options.clock ?? systemClock;
    const log = createLogger({
      dir: paths.logs,
      component: 'service',
      clock: () => new Date(clock.now()),
      listeners: [
        (entry) => {
          const api = logs.add(entry);
          service?.events.emit('log', api);
        },
      ],
    });
    const store = DataStore.open(options.dataDir, {
      log: log.child('store'),
      durable: options.durable ?? true,
      clock: () => new Date(clock.now()),
    });
    service = new GeneratorService(options, store, logs, log);
    service.loadRecentBatches();
    const state = store.state;
    if (options.startPaused && !state?.paused) {
      store.ensureState(service.datasetSeed());
      store.setPaused(true);
    }
    if (options.config && state && state.epochs.length > 0)
      service.switchConfig(options.config, 'start');
    log.info('service started', {
      data_dir: options.dataDir,
      preset: service.config.name,
      paused: service.paused,
      run_id: service.runId,
    });
    service.schedule(0);
    return service;
  }

  get paused(): boolean {
    return this.store.state?.paused ?? false;
  }

  get dataDir(): string {
    return this.store.paths.root;
  }

  /** The config that runs now (the active epoch's), or the one a new dataset would use. */
  get activeConfig(): GeneratorConfig {
    return this.activeEpoch()?.epoch.config ?? this.config;
  }

  /** A preset switch announced for the next interval, if any. */
  get pendingSwitch(): { preset: string; at: string } | null {
    const records = this.store.epochs;
    const last = records[records.length - 1];
    if (!last || Date.parse(last.start) <= this.clock.now()) return null;
    return { preset: last.preset, at: last.start };
  }

  recentBatches(limit: number): StoredBatchMeta[] {
    return this.recent.slice(0, limit);
  }

  /** A committed batch's meta and the first lines of its files (reads only the head). */
  batchDetail(
    batchId: string,
    lines: number,
  ): { meta: StoredBatchMeta; sample: string[]; quality: string[] } | undefined {
    if (parseBatchId(batchId) === undefined) return undefined;
    const meta = this.store.readMeta(batchId);
    if (!meta) return undefined;
    const folder = join(this.store.paths.events, batchId);
    return {
      meta,
      sample: headLines(join(folder, 'events.jsonl'), lines),
      quality: headLines(join(folder, '_quality.jsonl'), lines),
    };
  }

  // ---- scheduling ---------------------------------------------------------------------

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopping || this.paused) return;
    this.timer = setTimeout(() => {
      this.exclusive(() => this.tick()).catch(() => undefined);
    }, delayMs);
  }

  /** Runs store-touching work one at a time (ticks, pause, resume, clean, config, backfill). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async tick(): Promise<void> {
    if (this.stopping || this.paused || this.backfillStatus?.running) return;
    try {
      if (this.store.epochs.length === 0) await this.startDataset('start');
      else await this.produceDue();
      if (this.lastError) {
        this.log.info('generation recovered', { after: this.lastError.message });
        this.lastError = null;
      }
    } catch (err) {
      this.lastError = {
        message: (err as Error).message,
        at: new Date(this.clock.now()).toISOString(),
      };
      this.log.error('generation failed; retrying at the next interval', {
        message: this.lastError.message,
      });
    }
    this.events.emit('health');
    this.schedule(this.delayToNextClose());
  }

  /** Real milliseconds until the next interval closes (or an announced epoch starts). */
  private delayToNextClose(): number {
    const now = this.clock.now() / 1000;
    const active = this.activeEpoch();
    let next = Number.POSITIVE_INFINITY;
    if (active) {
      const shape = epochShape(active.epoch);
      for (const len of [shape.driverSeconds, shape.companySeconds]) {
        next = Math.min(next, Math.floor(now / len) * len + len);
      }
    }
    const pending = this.pendingSwitch;
    if (pending) next = Math.min(next, Date.parse(pending.at) / 1000);
    if (!Number.isFinite(next)) return 1000;
    // A little after the close, so the interval is closed on any clock.
    return this.clock.delayUntil(next * 1000) + 5;
  }

  /** The epoch that covers now (an announced one starts later). */
  private activeEpoch(): { index: number; epoch: Epoch } | undefined {
    const now = this.clock.now();
    const records = this.store.epochs;
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i];
      if (record && Date.parse(record.start) <= now)
        return { index: i, epoch: epochFromRecord(record) };
    }
    const first = records[0];
    return first ? { index: 0, epoch: epochFromRecord(first) } : undefined;
  }

  private currentEpochConfig(): GeneratorConfig | undefined {
    const current = this.store.currentEpoch();
    return current?.epoch.config;
  }

  /** --seed, then the config's seed, then the dataset's, then a fresh one. */
  private datasetSeed(config: GeneratorConfig = this.config): number {
    return this.seedOverride ?? config.seed ?? this.store.state?.seed ?? randomInt(0, SEED_LIMIT);
  }

  /** Produces every closed batch not yet committed, within the catch-up limit. */
  private async produceDue(
    signal?: AbortSignal,
    onProgress?: (done: number, total: number, events: number) => void,
    applyCatchUpLimit = true,
  ): Promise<void> {
    const nowS = this.clock.now() / 1000;
    const records = this.store.epochs;
    for (let index = 0; index < records.length; index++) {
      const record = records[index];
      if (!record) continue;
      const epoch = epochFromRecord(record);
      const frontier = this.store.frontierSeconds() ?? epoch.startSeconds;
      if ((epoch.endSeconds ?? Number.POSITIVE_INFINITY) <= frontier || epoch.startSeconds > nowS)
        continue;
      if (applyCatchUpLimit) this.limitCatchUp(index, epoch, frontier, nowS);
      // Re-read: the catch-up limit may have moved the frontier and added a skipped range.
      const from = this.store.frontierSeconds() ?? epoch.startSeconds;
      const { batches: planned } = planBatches(
        this.store,
        epochFromRecord(record),
        record.initial_fleet_committed,
        { fromS: from, toS: Number.POSITIVE_INFINITY, closedByS: nowS },
      );
      if (planned.length === 0) continue;
      const catchUp = planned.filter((p) => p.task.kind === 'driver').length > 1;
      if (catchUp)
        this.log.info('catching up missed intervals', {
          batches: planned.length,
          from: isoSeconds(planned[0]?.start ?? from),
        });
      const totals = await produceBatches(this.store, this.pool, planned, {
        log: this.log.child('generator'),
        signal,
        frontierAfter: planned[planned.length - 1]?.start ?? from,
        onDriverBatch: (meta) => {
          this.recent.unshift(meta);
          if (this.recent.length > RECENT_BATCHES) this.recent.length = RECENT_BATCHES;
          this.events.emit('batch', meta);
        },
        onProgress: (done, total, t) => onProgress?.(done, total, t.events),
      });
      if (catchUp)
        this.log.info('caught up', {
          driver_batches: totals.driverBatches,
          company_batches: totals.companyBatches,
        });
      if (totals.interrupted) return;
    }
    this.advanceFrontier(nowS);
  }

  /** Moves the frontier to the earliest interval that is still open. */
  private advanceFrontier(nowS: number): void {
    const active = this.activeEpoch();
    if (!active) return;
    const shape = epochShape(active.epoch);
    const open = Math.min(
      Math.floor(nowS / shape.driverSeconds) * shape.driverSeconds,
      Math.floor(nowS / shape.companySeconds) * shape.companySeconds,
    );
    const pending = this.pendingSwitch;
    this.store.setFrontier(pending ? Math.min(open, Date.parse(pending.at) / 1000) : open);
  }

  /** After a long downtime, keeps only the newest `catch_up_limit` intervals, logging the rest as skipped. */
  private limitCatchUp(index: number, epoch: Epoch, frontier: number, nowS: number): void {
    const shape = epochShape(epoch);
    const d = shape.driverSeconds;
    const end = Math.min(nowS, epoch.endSeconds ?? Number.POSITIVE_INFINITY);
    const lastClosed = Math.floor((end - d) / d) * d;
    const first = Math.max(Math.ceil(frontier / d) * d, shape.firstDriverStart);
    const closed = lastClosed >= first ? Math.floor((lastClosed - first) / d) + 1 : 0;
    const limit = epoch.config.catch_up_limit;
    if (closed <= limit) return;
    const cutoff = lastClosed - (limit - 1) * d;
    this.store.addSkipped(frontier, cutoff, index);
    this.store.setFrontier(cutoff);
    this.log.warn(
      'skipped intervals missed while the generator was not running (beyond catch_up_limit)',
      {
        skipped_intervals: closed - limit,
        from: isoSeconds(frontier),
        to: isoSeconds(cutoff),
        catch_up_limit: limit,
      },
    );
  }

  /**
   * Starts a dataset one interval in the past, so its initial fleet and first driver batch
   * can be produced at once without ever producing an interval that is still open.
   */
  private async startDataset(reason: 'start' | 'resume'): Promise<string[]> {
    const config = this.config;
    const { driverSeconds } = effectiveIntervals(config);
    const nowS = this.clock.now() / 1000;
    const start = Math.floor(nowS / driverSeconds) * driverSeconds - driverSeconds;
    const seed = this.datasetSeed();
    this.store.startEpoch(config, seed, start);
    const before = {
      companies: this.store.state?.companies.count ?? 0,
      batches: this.store.state?.drivers.batches ?? 0,
    };
    await this.produceDue(undefined, undefined, false);
    const actions = [
      `companies:${(this.store.state?.companies.count ?? 0) - before.companies}`,
      `driver_batch:${(this.store.state?.drivers.batches ?? 0) - before.batches}`,
    ];
    this.log.info(
      reason === 'resume' ? 'regenerated the baseline after a clean' : 'started a new dataset',
      {
        preset: config.name,
        seed,
        start: isoSeconds(start),
        actions,
      },
    );
    return actions;
  }

  /** Records [from, to) as skipped in every epoch it overlaps (intervals that started while paused). */
  private skipRange(from: number, to: number): void {
    this.store.epochs.forEach((record, index) => {
      const epoch = epochFromRecord(record);
      const a = Math.max(from, epoch.startSeconds);
      const b = Math.min(to, epoch.endSeconds ?? Number.POSITIVE_INFINITY);
      if (b > a) this.store.addSkipped(a, b, index);
    });
  }

  private missingBaseline(): string[] {
    const p = this.store.paths;
    const missing: string[] = [];
    if (!existsSync(p.companies)) missing.push(relative(process.cwd(), p.companies) || p.companies);
    if (
      !existsSync(p.events) ||
      readdirSync(p.events).filter((n) => !n.startsWith('.')).length === 0
    ) {
      missing.push(relative(process.cwd(), p.events) || p.events);
    }
    return missing;
  }

  // ---- lifecycle ----------------------------------------------------------------------

  private actionResult(
    action: 'pause' | 'resume',
    message: string,
    extra: Record<string, unknown> = {},
  ): ActionResult {
    return {
      action,
      success: true,
      status: this.status(),
      message,
      error: null,
      timestamp: new Date(this.clock.now()).toISOString(),
      extra,
    };
  }

  async pause(): Promise<ActionResult> {
    if (this.backfillStatus?.running) this.backfillAbort?.abort();
    return this.exclusive(async () => {
      if (this.paused) return this.actionResult('pause', 'already paused');
      clearTimeout(this.timer);
      this.store.ensureState(this.datasetSeed());
      this.store.setPaused(true);
      this.log.info('paused', {});
      this.events.emit('health');
      return this.actionResult(
        'pause',
        'generation paused; intervals that close while paused are skipped',
      );
    });
  }

  async resume(): Promise<ActionResult> {
    return this.exclusive(async () => {
      if (!this.paused) {
        return this.actionResult('resume', 'already running', {
          baseline_actions: [],
          auto_reinit: this.autoReinit,
        });
      }
      const missing = this.missingBaseline();
      let baseline: string[] = [];
      this.store.setPaused(false);
      if (this.store.epochs.length === 0) {
        baseline = await this.startDataset('resume');
        this.autoReinit = {
          performed: true,
          at: new Date(this.clock.now()).toISOString(),
          actions: baseline,
          missing_files: missing,
        };
      } else {
        const nowS = Math.floor(this.clock.now() / 1000);
        this.skipRange(this.store.frontierSeconds() ?? nowS, nowS);
        this.store.setFrontier(nowS);
      }
      this.log.info('resumed', { baseline_actions: baseline });
      this.events.emit('health');
      this.schedule(baseline.length > 0 ? this.delayToNextClose() : 0);
      return this.actionResult(
        'resume',
        baseline.length > 0
          ? 'generation resumed; the baseline was regenerated'
          : 'generation resumed',
        { baseline_actions: baseline, auto_reinit: this.autoReinit },
      );
    });
  }

  async clean(): Promise<CleanResult> {
    return this.exclusive(async () => {
      if (!this.paused) {
        throw new ServiceError(
          400,
          'pause_required',
          'clean deletes all generated data: pause first with POST /api/pause',
        );
      }
      if (this.backfillStatus?.running)
        throw new ServiceError(409, 'backfill_running', 'a backfill is running; cancel it first');
      const p = this.store.paths;
      const deleted: string[] = [];
      const errors: string[] = [];
      const remove = (path: string) => {
        try {
          rmSync(path, { recursive: true, force: true });
          deleted.push(relative(p.root, path));
        } catch (err) {
          errors.push(`${relative(p.root, path)}: ${(err as Error).message}`);
        }
      };
      const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
      for (const name of list(p.events)) remove(join(p.events, name));
      for (const name of list(p.raw)) if (name !== 'events') remove(join(p.raw, name));
      for (const name of list(p.manifests)) if (name !== 'logs') remove(join(p.manifests, name));
      for (const name of list(p.lake)) remove(join(p.lake, name));
      this.store.resetState(
        this.seedOverride ?? this.config.seed ?? randomInt(0, SEED_LIMIT),
        true,
      );
      this.recent = [];
      this.backfillStatus = null;
      this.log.info('cleaned the data dir', {
        deleted_count: deleted.length,
        errors: errors.length,
      });
      this.events.emit('health');
      return {
        success: true,
        deleted_count: deleted.length,
        deleted_items: deleted.slice(0, 1000),
        errors,
      };
    });
  }

  /** Applies a config: at once for a new dataset, else as a new epoch at the next interval. */
  async setConfig(
    config: GeneratorConfig,
  ): Promise<{ changed: boolean; effective_at: string | null; message: string }> {
    return this.exclusive(async () => this.switchConfig(config, 'api'));
  }

  private switchConfig(config: GeneratorConfig, source: 'start' | 'api') {
    const active = this.activeEpoch();
    const seed = this.datasetSeed(config);
    if (this.pendingSwitch) this.store.dropPendingEpoch();
    this.config = config;
    const current = this.activeEpoch();
    if (!active || !current) {
      this.log.info('preset selected for the next dataset', { preset: config.name, source });
      this.events.emit('health');
      return {
        changed: true,
        effective_at: null,
        message: `preset ${config.name} will be used when the dataset starts`,
      };
    }
    if (
      contentIdentity(current.epoch.config) === contentIdentity(config) &&
      current.epoch.seed === seed
    ) {
      this.events.emit('health');
      return {
        changed: false,
        effective_at: null,
        message: `preset ${config.name} is already running`,
      };
    }
    const nowS = this.clock.now() / 1000;
    const d = epochShape(current.epoch).driverSeconds;
    const at = Math.floor(nowS / d) * d + d;
    const offset = current.epoch.companyOffset + companiesEligible(current.epoch, at);
    this.store.startEpoch(config, seed, at, { companyOffset: offset, endPreviousAt: at });
    this.log.info('preset switch scheduled for the next interval', {
      from: current.epoch.config.name,
      to: config.name,
      seed,
      at: isoSeconds(at),
      source,
    });
    this.events.emit('health');
    if (source === 'api') this.schedule(this.delayToNextClose());
    return {
      changed: true,
      effective_at: isoSeconds(at),
      message: `preset ${config.name} takes effect at ${isoSeconds(at)}`,
    };
  }

  /** On a clean, paused dataset: starts it at `fromMs` and produces everything up to now. */
  async backfill(fromMs: number): Promise<BackfillStatus> {
    return this.exclusive(async () => {
      if (!this.canBackfill()) {
        throw new ServiceError(
          409,
          'backfill_requires_clean_paused',
          'backfill starts a new dataset: pause, clean, then backfill',
        );
      }
      const { driverSeconds } = effectiveIntervals(this.config);
      const fromS = Math.floor(fromMs / 1000);
      if (fromS + driverSeconds > this.clock.now() / 1000) {
        throw new ServiceError(
          400,
          'invalid_from',
          `from must be at least one interval (${driverSeconds} s) in the past`,
        );
      }
      this.store.startEpoch(this.config, this.datasetSeed(), fromS);
      this.store.setPaused(false);
      const status: BackfillStatus = {
        running: true,
        from: isoSeconds(fromS),
        done: 0,
        total: 0,
        events: 0,
        started_at: new Date(this.clock.now()).toISOString(),
        finished_at: null,
        cancelled: false,
        error: null,
      };
      this.backfillStatus = status;
      this.backfillAbort = new AbortController();
      this.log.info('backfill started', { from: status.from, preset: this.config.name });
      const signal = this.backfillAbort.signal;
      // Runs in the background (still one at a time with other store work).
      this.exclusive(async () => {
        let lastEmit = 0;
        try {
          await this.produceDue(
            signal,
            (done, total, events) => {
              Object.assign(status, { done, total, events });
              if (performance.now() - lastEmit > 200 || done === total) {
                lastEmit = performance.now();
                this.events.emit('backfill', { ...status });
              }
            },
            false,
          );
        } catch (err) {
          status.error = (err as Error).message;
          this.lastError = { message: status.error, at: new Date(this.clock.now()).toISOString() };
        }
        status.running = false;
        status.cancelled = signal.aborted;
        status.finished_at = new Date(this.clock.now()).toISOString();
        if (signal.aborted) {
          this.store.setPaused(true);
          this.log.warn('backfill cancelled; generation paused', {
            done: status.done,
            total: status.total,
          });
        } else {
          this.log.info('backfill finished', { batches: status.done, events: status.events });
        }
        this.events.emit('backfill', { ...status });
        this.events.emit('health');
        this.schedule(0);
      }).catch(() => undefined);
      return { ...status };
    });
  }

  /** Backfill starts a new dataset: only on a clean, paused data folder. */
  private canBackfill(): boolean {
    return this.paused && this.store.epochs.length === 0 && this.missingBaseline().length === 2;
  }

  cancelBackfill(): BackfillStatus | null {
    if (!this.backfillStatus?.running)
      throw new ServiceError(409, 'no_backfill', 'no backfill is running');
    this.backfillAbort?.abort();
    return { ...this.backfillStatus };
  }

  get backfillState(): BackfillStatus | null {
    return this.backfillStatus ? { ...this.backfillStatus } : null;
  }

  /** Stops the scheduler after the batch in flight; never leaves half a batch. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    this.backfillAbort?.abort();
    this.events.emit('health');
    await this.lock;
    await this.pool.close();
    this.log.info('service stopped', {});
  }

  get shutdownRequested(): boolean {
    return this.stopping;
  }

  // ---- health -------------------------------------------------------------------------

  status(): 'running' | 'paused' | 'error' {
    if (this.lastError) return 'error';
    return this.paused ? 'paused' : 'running';
  }

  health(): Record<string, unknown> {
    const now = this.clock.now();
    const state = this.store.state;
    const config = this.activeConfig;
    const emulated = config.emulated_mode;
    const intervals = effectiveIntervals(config);
    const uptime = (now - this.startTime.getTime()) / 1000;
    const idle = (iso: string | null | undefined) =>
      iso ? Math.max(0, (Date.now() - Date.parse(iso)) / 1000) : null;
    const p = this.store.paths;
    const companiesExists = existsSync(p.companies);
    const eventsExists = existsSync(p.events);
    const hasDataset = (state?.epochs.length ?? 0) > 0;
    const missing = hasDataset ? this.missingBaseline() : [];
    const companyBatches = state?.companies.batches ?? 0;
    const driverBatches = state?.drivers.batches ?? 0;
    const lastCompany = state?.last_company_batch_time ?? null;
    const lastDriver = state?.drivers.last_batch_time ?? null;
    return {
      status: this.status(),
      timestamp: new Date(now).toISOString(),
      generation_mode: emulated.enabled ? 'emulated' : 'production',
      emulated_config: emulated.enabled
        ? {
            company_interval_seconds: intervals.companySeconds,
            driver_interval_seconds: intervals.driverSeconds,
            companies_per_batch: emulated.companies_per_batch,
            events_per_batch_range: [emulated.events_per_batch_min, emulated.events_per_batch_max],
          }
        : null,
      uptime_seconds: Number(uptime.toFixed(3)),
      start_time: this.startTime.toISOString(),
      company_batches: companyBatches,
      driver_batches: driverBatches,
      last_company_time: lastCompany,
      last_driver_time: lastDriver,
      paused: this.paused,
      shutdown_requested: this.stopping,
      verification: {
        companies_exists: companiesExists,
        events_exists: eventsExists,
        event_file_count: driverBatches,
        missing,
      },
      uptime: {
        seconds: Number(uptime.toFixed(3)),
        hours: Number((uptime / 3600).toFixed(6)),
        start_time: this.startTime.toISOString(),
      },
      company_generator: {
        total_batches: companyBatches,
        last_batch_time: lastCompany,
        idle_seconds: idle(lastCompany),
      },
      driver_generator: {
        total_batches: driverBatches,
        last_batch_time: lastDriver,
        last_interval_end: state?.drivers.last_interval_end ?? null,
        idle_seconds: idle(lastDriver),
      },
      lifecycle: { paused: this.paused, shutdown_requested: this.stopping },
      state: { last_saved: state?.updated_at ?? null, state_file: p.state },
      auto_reinit: this.autoReinit,
      preset: config.name,
      pending_preset: this.pendingSwitch,
      data_dir: p.root,
      seed: state?.epochs.length
        ? (this.activeEpoch()?.epoch.seed ?? state.seed)
        : (this.seedOverride ?? config.seed ?? null),
      totals: {
        companies: state?.companies.count ?? 0,
        events: state?.drivers.events ?? 0,
        corrupted: (state?.drivers.corrupted ?? 0) + (state?.companies.corrupted ?? 0),
      },
      backfill: this.backfillState,
      can_backfill: this.canBackfill(),
      last_error: this.lastError,
    };
  }

  private loadRecentBatches(): void {
    const events = this.store.paths.events;
    if (!existsSync(events)) return;
    const ids = readdirSync(events)
      .filter((n) => parseBatchId(n) !== undefined)
      .sort()
      .reverse()
      .slice(0, RECENT_BATCHES);
    this.recent = ids.flatMap((id) => {
      const meta = this.store.readMeta(id);
      return meta ? [meta] : [];
    });
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
