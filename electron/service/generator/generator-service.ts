// The continuous generator: every batch when its interval closes, start-up catch-up,
// pause / resume / clean with auto-reinit, preset switches as new epochs, and backfill. This
// class wires the parts together; the time arithmetic is in timeline.ts, the health object in
// health-view.ts, the recent batches in batch-index.ts, backfill progress in backfill.ts.
// No `electron` import: the same class runs under `npm run serve` and in the desktop app.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { ActionResult, BackfillStatus, CleanResult, Health } from '../../../shared/api.ts';
import {
  contentIdentity,
  effectiveIntervals,
  type GeneratorConfig,
} from '../../../shared/config.ts';
import { classCodeFor, type JoinTarget, recipeText } from '../../../shared/recipe.ts';
import { isoSeconds } from '../../engine/format.ts';
import type { Epoch } from '../../engine/plan.ts';
import { companiesEligible } from '../../engine/plan.ts';
import { missingBaseline } from '../dataset/baseline.ts';
import { rangeSize, tooLarge } from '../dataset/range-limits.ts';
import { datasetSeed, declaredSeed } from '../dataset/seed-policy.ts';
import { activeEpoch, pendingSwitch, rangesByEpoch } from '../dataset/timeline.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { ServiceError } from '../kernel/errors.ts';
import { SerialWork } from '../kernel/serial-work.ts';
import { type ApiLogEntry, LogStore } from '../logs/log-store.ts';
import { createLogger, type LogEntry, type Logger, newRunId } from '../logs/logger.ts';
import { warnOnFailure } from '../logs/warn-on-failure.ts';
import { DataFolderLock, type LockOptions } from '../platform/data-folder-lock.ts';
import { floorFromEnv } from '../platform/free-space.ts';
import { defaultWorkerCount, WorkerPool } from '../production/pool/worker-pool.ts';
import { deleteGenerated } from '../store/folders.ts';
import { dataPaths } from '../store/paths.ts';
import { epochFromRecord } from '../store/state.ts';
import { DataStore, type StoredBatchMeta } from '../store/store.ts';
import { BackfillProgress } from './backfill.ts';
import { BatchIndex } from './batch-index.ts';
import { healthView } from './health-view.ts';
import { type ConfigChange, switchPreset } from './preset-switch.ts';
import { Scheduler } from './scheduler.ts';

export interface JoinResult {
  class_code: string;
  message: string;
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
  /** `serve --join CODE`: make the class's dataset (see join()). */
  join?: { code: JoinTarget; config: GeneratorConfig } | undefined;
  /** Other origins the HTTP API answers with CORS (`serve --allow-origin`); shown in health. */
  allowedOrigins?: readonly string[];
  /** The free-space floor in bytes (default: SPARK_EXPERIMENTS_MIN_FREE_MB or 256 MiB). */
  minFreeBytes?: number;
  /** Who this writer is, for another process refused the folder (default `serve`). */
  writer?: LockOptions;
}

interface ServiceEvents {
  batch: [StoredBatchMeta];
  log: [ApiLogEntry];
  health: [];
  backfill: [BackfillStatus];
}

export class GeneratorService {
  readonly events = new EventEmitter<ServiceEvents>();
  readonly logs: LogStore;
  readonly log: Logger;
  readonly startTime: Date;
  readonly runId = newRunId();
  private readonly store: DataStore;
  private readonly pool: WorkerPool;
  private readonly clock: Clock;
  private readonly work = new SerialWork();
  private readonly batches: BatchIndex;
  private readonly backfillProgress: BackfillProgress;
  private readonly allowedOrigins: string[];
  private readonly scheduler: Scheduler;
  private config: GeneratorConfig;
  private readonly seedOverride: number | undefined;
  private stopping = false;
  private folderLock: DataFolderLock | undefined;
  private autoReinit: Health['auto_reinit'] = {
    performed: false,
    at: null,
    actions: [],
    missing_files: [],
  };

  private constructor(options: ServiceOptions, store: DataStore, logs: LogStore, log: Logger) {
    this.clock = options.clock ?? systemClock;
    this.startTime = new Date(this.clock.now());
    this.store = store;
    this.logs = logs;
    this.log = log;
    this.seedOverride = options.seed;
    this.allowedOrigins = [...(options.allowedOrigins ?? [])];
    this.config = options.config ?? store.currentEpoch()?.epoch.config ?? options.fallbackConfig;
    this.pool = new WorkerPool(options.workers ?? defaultWorkerCount());
    this.batches = new BatchIndex(store);
    this.backfillProgress = new BackfillProgress(this.clock, log, (status) =>
      this.events.emit('backfill', status),
    );
    this.scheduler = new Scheduler({
      store,
      pool: this.pool,
      clock: this.clock,
      log,
      work: this.work,
      batches: this.batches,
      onBatch: (meta) => this.events.emit('batch', meta),
      onTick: () => this.events.emit('health'),
      halted: () => this.stopping || this.paused,
      backfilling: () => this.backfillProgress.running,
      newDataset: () => ({ config: this.config, seed: this.datasetSeed() }),
      minFreeBytes: options.minFreeBytes ?? floorFromEnv(),
    });
  }

  /** Takes the data dir (one writer per folder), opens it (repairing it), starts the work. */
  static start(options: ServiceOptions): GeneratorService {
    // Refused here, before anything in the folder is written; held until stop().
    const lock = DataFolderLock.acquire(options.dataDir, options.writer ?? { command: 'serve' });
    try {
      const service = GeneratorService.startLocked(options);
      service.folderLock = lock;
      return service;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  private static startLocked(options: ServiceOptions): GeneratorService {
    const paths = dataPaths(options.dataDir);
    const logs = new LogStore(paths.logs);
    logs.load();
    let service: GeneratorService | undefined;
    const clock = options.clock ?? systemClock;
    // Into the log window always, even before the service exists (store repair at open).
    const toWindow = (entry: LogEntry) => {
      const api = logs.add(entry);
      service?.events.emit('log', api);
    };
    const log = createLogger({
      dir: paths.logs,
      component: 'service',
      clock: () => new Date(clock.now()),
      listeners: [toWindow],
    });
    const store = DataStore.open(options.dataDir, {
      log: log.child('store'),
      durable: options.durable ?? true,
      clock: () => new Date(clock.now()),
    });
    service = new GeneratorService(options, store, logs, log);
    service.batches.load();
    const state = store.state;
    // --paused does not stop an unfinished backfill: its range is only partly there.
    if (options.startPaused && !state?.paused && !store.backfill) {
      store.ensureState(service.datasetSeed());
      store.setPaused(true);
    }
    if (options.config && state && state.epochs.length > 0 && !store.backfill)
      service.switchConfig(options.config, 'start');
    log.info('service started', {
      data_dir: options.dataDir,
      preset: service.config.name,
      paused: service.paused,
      run_id: service.runId,
    });
    if (options.join) {
      // Before any tick: the class's dataset, not a new one of our own.
      service.applyJoin(options.join.code, options.join.config);
      return service;
    }
    const backfill = store.backfill;
    if (backfill && !service.paused) {
      log.warn('resuming a backfill that an earlier run did not finish', { from: backfill.from });
      service.startBackfillRun(Math.floor(Date.parse(backfill.from) / 1000), true);
    } else service.scheduler.schedule(0);
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
    return pendingSwitch(this.store.epochs, this.nowSeconds());
  }

  recentBatches(limit: number): StoredBatchMeta[] {
    return this.batches.list(limit);
  }

  batchDetail(batchId: string, lines: number) {
    return this.batches.detail(batchId, lines);
  }

  private nowSeconds(): number {
    return this.clock.now() / 1000;
  }

  private activeEpoch(): { index: number; epoch: Epoch } | undefined {
    return activeEpoch(this.store.epochs, this.nowSeconds());
  }

  private datasetSeed(config: GeneratorConfig = this.config): number {
    return datasetSeed({
      override: this.seedOverride,
      config: config.seed,
      stored: this.store.state?.seed,
    });
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private actionResult(
    action: 'pause' | 'resume',
    message: string,
    extra: ActionResult['extra'] = {},
  ): ActionResult {
    const status = this.status();
    return { action, success: true, status, message, error: null, timestamp: this.isoNow(), extra };
  }

  async pause(): Promise<ActionResult> {
    this.backfillProgress.abortIfRunning();
    return this.work.exclusive(async () => {
      if (this.paused) return this.actionResult('pause', 'already paused');
      this.work.cancelTimer();
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
    return this.work.exclusive(async () => {
      if (!this.paused) {
        return this.actionResult('resume', 'already running', {
          baseline_actions: [],
          baseline_errors: [],
          verification_missing: missingBaseline(this.store.paths),
          auto_reinit: this.autoReinit,
        });
      }
      const missing = missingBaseline(this.store.paths);
      let baseline: string[] = [];
      this.store.setPaused(false);
      const unfinished = this.store.backfill;
      if (unfinished) {
        // Started paused over an unfinished backfill: it goes on, nothing is skipped.
        this.log.info('resumed', { backfill: unfinished.from });
        this.startBackfillRun(Math.floor(Date.parse(unfinished.from) / 1000), true);
        this.events.emit('health');
        return this.actionResult('resume', 'generation resumed; the unfinished backfill goes on', {
          baseline_actions: [],
          baseline_errors: [],
          verification_missing: missingBaseline(this.store.paths),
          auto_reinit: this.autoReinit,
        });
      }
      if (this.store.epochs.length === 0) {
        baseline = await this.scheduler.startDataset('resume');
        this.autoReinit = {
          performed: true,
          at: this.isoNow(),
          actions: baseline,
          missing_files: missing,
        };
      } else {
        // The intervals that started while paused are skipped on purpose.
        const nowS = Math.floor(this.nowSeconds());
        const from = this.store.frontierSeconds() ?? nowS;
        for (const range of rangesByEpoch(this.store.epochs, from, nowS))
          this.store.addSkipped(range.from, range.to, range.index);
        this.store.setFrontier(nowS);
      }
      this.log.info('resumed', { baseline_actions: baseline });
      this.events.emit('health');
      this.scheduler.schedule(baseline.length > 0 ? this.scheduler.delayToNextClose() : 0);
      return this.actionResult(
        'resume',
        baseline.length > 0
          ? 'generation resumed; the baseline was regenerated'
          : 'generation resumed',
        {
          baseline_actions: baseline,
          // Regeneration either succeeds or fails the request; kept for the earlier clients.
          baseline_errors: [],
          verification_missing: missingBaseline(this.store.paths),
          auto_reinit: this.autoReinit,
        },
      );
    });
  }

  async clean(): Promise<CleanResult> {
    return this.work.exclusive(async () => {
      if (!this.paused) {
        throw new ServiceError(
          400,
          'pause_required',
          'clean deletes all generated data: pause first with POST /api/pause',
        );
      }
      if (this.backfillProgress.running)
        throw new ServiceError(409, 'backfill_running', 'a backfill is running; cancel it first');
      const seed = datasetSeed({ override: this.seedOverride, config: this.config.seed });
      const { deleted, errors } = deleteGenerated(this.store.paths);
      this.store.resetState(seed, true);
      this.batches.clear();
      this.backfillProgress.clear();
      this.log.info('cleaned the data dir', {
        deleted_count: deleted.length,
        errors: errors.length,
      });
      this.events.emit('health');
      return {
        success: true,
        timestamp: this.isoNow(),
        deleted_count: deleted.length,
        deleted_items: deleted.slice(0, 1000),
        errors,
      };
    });
  }

  /** Applies a config: at once for a new dataset, else as a new epoch at the next interval. */
  async setConfig(config: GeneratorConfig): Promise<ConfigChange> {
    return this.work.exclusive(async () => this.switchConfig(config, 'api'));
  }

  private switchConfig(config: GeneratorConfig, source: 'start' | 'api'): ConfigChange {
    const seed = this.datasetSeed(config);
    this.config = config;
    const change = switchPreset(this.store, config, seed, this.nowSeconds(), this.log, source);
    this.events.emit('health');
    if (change.effective_at && source === 'api')
      this.scheduler.schedule(this.scheduler.delayToNextClose());
    return change;
  }

  /** Backfill starts a new dataset: only on a clean, paused data folder. */
  private canBackfill(): boolean {
    return (
      this.paused &&
      this.store.epochs.length === 0 &&
      missingBaseline(this.store.paths).length === 2
    );
  }

  /** On a clean, paused dataset: starts it at `fromMs` and produces everything up to now. */
  async backfill(fromMs: number): Promise<BackfillStatus> {
    return this.work.exclusive(async () => {
      if (!this.canBackfill()) {
        throw new ServiceError(
          409,
          'backfill_requires_clean_paused',
          'backfill starts a new dataset: pause, clean, then backfill',
        );
      }
      const { driverSeconds } = effectiveIntervals(this.config);
      const fromS = Math.floor(fromMs / 1000);
      if (fromS + driverSeconds > this.nowSeconds()) {
        throw new ServiceError(
          400,
          'invalid_from',
          `from must be at least one interval (${driverSeconds} s) in the past`,
        );
      }
      const nowS = Math.floor(this.nowSeconds());
      const refusal = tooLarge(
        rangeSize(this.config, this.datasetSeed(), fromS, nowS),
        fromS,
        nowS,
      );
      if (refusal) throw new ServiceError(400, 'range_too_large', `a backfill from ${refusal}`);
      // Persisted with its epoch: a crash or a kill before it is done resumes it (start()).
      this.store.startEpoch(this.config, this.datasetSeed(), fromS, { backfill: true });
      return this.startBackfillRun(fromS);
    });
  }

  private startBackfillRun(fromS: number, resumed = false): BackfillStatus {
    const { status, signal } = this.backfillProgress.begin(fromS, this.config.name, resumed);
    // Runs in the background (still one at a time with other store work).
    this.work
      .exclusive(() => this.runBackfill(signal))
      .catch(warnOnFailure(this.log, 'the backfill stopped on an unexpected error'));
    return status;
  }

  private async runBackfill(signal: AbortSignal): Promise<void> {
    const { error } = await this.backfillProgress.run((onProgress) =>
      this.scheduler.produceDue({ signal, onProgress, applyCatchUpLimit: false }),
    );
    if (error) this.scheduler.recordError(error, this.isoNow());
    if (signal.aborted && !this.stopping) {
      // Cancelled or paused on purpose: the dataset stays paused where it stopped.
      this.store.endBackfill();
      this.store.setPaused(true);
    } else if (!signal.aborted && !error) {
      this.store.endBackfill();
    }
    // Stopped (the app closed) or failed: the record stays, so the backfill goes on at the
    // next start, or at the next tick after a failure, without the catch-up limit.
    this.backfillProgress.finish(error);
    this.events.emit('health');
    this.scheduler.schedule(0);
  }

  cancelBackfill(): BackfillStatus {
    return this.backfillProgress.cancel();
  }

  /** Joins a class: this folder makes the dataset epoch the code names, byte for byte. */
  async join(code: JoinTarget, config: GeneratorConfig): Promise<JoinResult> {
    return this.work.exclusive(async () => this.applyJoin(code, config));
  }

  /**
   * An empty (or cleaned) folder starts the class's epoch at its start and catches up to now
   * at full speed, without the catch-up limit (as a backfill), then goes on live. A folder in
   * the class already goes on. After the instructor's preset switch, the new code continues
   * the folder's dataset if its data does not reach past the switch yet. Anything else is
   * another dataset: refused, so nothing is mixed.
   */
  applyJoin(code: JoinTarget, config: GeneratorConfig): JoinResult {
    if (this.backfillProgress.running)
      throw new ServiceError(409, 'backfill_running', 'a backfill is running; cancel it first');
    const record = this.store.epochs[this.store.epochs.length - 1];
    const last = record ? epochFromRecord(record) : undefined;
    const same = (e: Epoch) =>
      e.startSeconds === code.startSeconds &&
      e.seed === code.seed &&
      e.companyOffset === code.companyOffset &&
      contentIdentity(e.config) === contentIdentity(config);
    const nowS = Math.floor(this.nowSeconds());
    const classCode = classCodeFor({ ...code, config });
    this.config = config;
    if (last && same(last)) {
      this.log.info('joined a class: this folder already makes its data', {
        class_code: classCode,
      });
      if (this.paused) this.store.setPaused(false);
      this.scheduler.schedule(0);
      return { class_code: classCode, message: 'this folder is already in the class' };
    }
    const frontier = this.store.frontierSeconds() ?? 0;
    const continues =
      last !== undefined &&
      last.startSeconds < code.startSeconds &&
      frontier <= code.startSeconds &&
      last.companyOffset + companiesEligible(last, code.startSeconds) === code.companyOffset;
    if (last && !continues) {
      throw new ServiceError(
        409,
        'different_dataset',
        frontier > code.startSeconds && last.startSeconds < code.startSeconds
          ? 'this folder already holds data past the start of that code (the class switched preset while this app went on): clean it, or use an empty --data-dir, then join again'
          : 'this data folder holds another dataset: clean it, or use an empty --data-dir, then join',
      );
    }
    // The catch-up is one backfill: bounded like any other.
    const from = Math.max(frontier, code.startSeconds);
    const refusal = tooLarge(rangeSize(config, code.seed, from, nowS), from, nowS);
    if (refusal)
      throw new ServiceError(400, 'range_too_large', `catching up with this class from ${refusal}`);
    this.store.startEpoch(config, code.seed, code.startSeconds, {
      companyOffset: code.companyOffset,
      endPreviousAt: last ? code.startSeconds : undefined,
      backfill: true,
    });
    this.log.info('joined a class', {
      class_code: classCode,
      preset: config.name,
      start: isoSeconds(code.startSeconds),
      catching_up_from: isoSeconds(Math.max(frontier, code.startSeconds)),
      now: isoSeconds(nowS),
    });
    this.events.emit('health');
    this.startBackfillRun(code.startSeconds);
    return {
      class_code: classCode,
      message: `joined: making ${config.name} from ${isoSeconds(code.startSeconds)}, caught up at full speed, then live`,
    };
  }

  /** The recipe of the active (or announced) epoch, to share with a class; null without one. */
  recipe(): { text: string; classCode: string } | null {
    const record = this.store.epochs[this.store.epochs.length - 1];
    if (!record) return null;
    const epoch = epochFromRecord(record);
    return { text: recipeText(epoch.config, epoch), classCode: classCodeFor(epoch) };
  }

  /** The class code of an epoch (the active one by default), or null for a custom config. */
  classCode(epoch: Epoch | undefined): string | null {
    return epoch ? classCodeFor(epoch) : null;
  }

  private pendingSwitchWithCode(): Health['pending_preset'] {
    const pending = this.pendingSwitch;
    const last = this.store.epochs[this.store.epochs.length - 1];
    if (!pending || !last) return pending;
    return { ...pending, class_code: this.classCode(epochFromRecord(last)) };
  }

  get backfillState(): BackfillStatus | null {
    return this.backfillProgress.state;
  }

  /** Stops the scheduler after the batch in flight; never leaves half a batch. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.work.cancelTimer();
    this.backfillProgress.abortIfRunning();
    this.events.emit('health');
    await this.work.drained();
    await this.pool.close();
    this.log.info('service stopped', {});
    this.folderLock?.release();
  }

  status(): Health['status'] {
    return this.scheduler.lastError ? 'error' : this.paused ? 'paused' : 'running';
  }

  health(): Health {
    const state = this.store.state;
    const config = this.activeConfig;
    const p = this.store.paths;
    const hasDataset = (state?.epochs.length ?? 0) > 0;
    return healthView({
      nowMs: this.clock.now(),
      startTime: this.startTime,
      state,
      config,
      status: this.status(),
      paused: this.paused,
      stopping: this.stopping,
      seed: hasDataset
        ? (this.activeEpoch()?.epoch.seed ?? state?.seed ?? null)
        : (declaredSeed({ override: this.seedOverride, config: config.seed }) ?? null),
      verification: {
        companiesExists: existsSync(p.companies),
        eventsExists: existsSync(p.events),
        missing: hasDataset ? missingBaseline(p) : [],
      },
      paths: { root: p.root, state: p.state },
      autoReinit: this.autoReinit,
      pendingPreset: this.pendingSwitchWithCode(),
      classCode: this.classCode(this.activeEpoch()?.epoch),
      backfill: this.backfillState,
      canBackfill: this.canBackfill(),
      lastError: this.scheduler.lastError,
      allowedOrigins: this.allowedOrigins,
    });
  }
}
