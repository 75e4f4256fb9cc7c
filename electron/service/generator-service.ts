// The continuous generator: every batch when its interval closes, start-up catch-up,
// pause / resume / clean with auto-reinit, preset switches as new epochs, and backfill. This
// class wires the parts together; the time arithmetic is in timeline.ts, the health object in
// health-view.ts, the recent batches in batch-index.ts, backfill progress in backfill.ts.
// No `electron` import: the same class runs under `npm run serve` and in the desktop app.
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import type {
  ActionResult,
  BackfillStatus,
  CleanResult,
  ConfigResult,
  Health,
} from '../../shared/api.ts';
import { contentIdentity, effectiveIntervals, type GeneratorConfig } from '../../shared/config.ts';
import { isoSeconds } from '../engine/format.ts';
import { companiesEligible, type Epoch, epochShape } from '../engine/plan.ts';
import { BackfillProgress } from './backfill.ts';
import { BatchIndex } from './batch-index.ts';
import { type Clock, systemClock } from './clock/clock.ts';
import { ServiceError } from './errors.ts';
import { healthView } from './health-view.ts';
import { type ApiLogEntry, LogStore } from './logs/log-store.ts';
import { createLogger, type Logger, newRunId } from './logs/logger.ts';
import { defaultWorkerCount, WorkerPool } from './pool/worker-pool.ts';
import { planBatches, produceBatches } from './producer.ts';
import { datasetSeed, declaredSeed } from './seed-policy.ts';
import { SerialWork } from './serial-work.ts';
import { dataPaths } from './store/paths.ts';
import { epochFromRecord } from './store/state.ts';
import { DataStore, type StoredBatchMeta } from './store/store.ts';
import {
  activeEpoch,
  catchUpCut,
  newDatasetStart,
  nextCloseSeconds,
  openFrontier,
  pendingSwitch,
  rangesByEpoch,
} from './timeline.ts';

export type { BackfillStatus } from '../../shared/api.ts';
export { ServiceError } from './errors.ts';

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

interface ServiceEvents {
  batch: [StoredBatchMeta];
  log: [ApiLogEntry];
  health: [];
  backfill: [BackfillStatus];
}

type ConfigChange = Omit<ConfigResult, 'preset' | 'success'>;

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
  private config: GeneratorConfig;
  private readonly seedOverride: number | undefined;
  private stopping = false;
  private lastError: Health['last_error'] = null;
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
    this.config = options.config ?? store.currentEpoch()?.epoch.config ?? options.fallbackConfig;
    this.pool = new WorkerPool(options.workers ?? defaultWorkerCount());
    this.batches = new BatchIndex(store);
    this.backfillProgress = new BackfillProgress(this.clock, log, (status) =>
      this.events.emit('backfill', status),
    );
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
          // Into the log window always, even before the service exists (store repair at open).
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
    service.batches.load();
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
    return pendingSwitch(this.store.epochs, this.nowSeconds());
  }

  recentBatches(limit: number): StoredBatchMeta[] {
    return this.batches.list(limit);
  }

  batchDetail(batchId: string, lines: number) {
    return this.batches.detail(batchId, lines);
  }

  // ---- scheduling ---------------------------------------------------------------------

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

  private schedule(delayMs: number): void {
    if (this.stopping || this.paused) {
      this.work.cancelTimer();
      return;
    }
    this.work.after(delayMs, () => this.tick());
  }

  private async tick(): Promise<void> {
    if (this.stopping || this.paused || this.backfillProgress.running) return;
    try {
      if (this.store.epochs.length === 0) await this.startDataset('start');
      else await this.produceDue();
      if (this.lastError) {
        this.log.info('generation recovered', { after: this.lastError.message });
        this.lastError = null;
      }
    } catch (err) {
      this.lastError = { message: (err as Error).message, at: this.isoNow() };
      this.log.error('generation failed; retrying at the next interval', {
        message: this.lastError.message,
      });
    }
    this.events.emit('health');
    this.schedule(this.delayToNextClose());
  }

  /** Real milliseconds until the next interval closes (or an announced epoch starts). */
  private delayToNextClose(): number {
    const pending = this.pendingSwitch;
    const next = nextCloseSeconds(
      this.activeEpoch()?.epoch,
      pending ? Date.parse(pending.at) / 1000 : undefined,
      this.nowSeconds(),
    );
    // A little after the close, so the interval is closed on any clock.
    return next === undefined ? 1000 : this.clock.delayUntil(next * 1000) + 5;
  }

  /** Produces every closed batch not yet committed, within the catch-up limit. */
  private async produceDue(
    signal?: AbortSignal,
    onProgress?: (done: number, total: number, events: number) => void,
    applyCatchUpLimit = true,
  ): Promise<void> {
    const nowS = this.nowSeconds();
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
          this.batches.add(meta);
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
    const active = this.activeEpoch();
    const pending = this.pendingSwitch;
    if (active)
      this.store.setFrontier(
        openFrontier(active.epoch, nowS, pending ? Date.parse(pending.at) / 1000 : undefined),
      );
  }

  /** After a long downtime, keeps only the newest `catch_up_limit` intervals, logging the rest as skipped. */
  private limitCatchUp(index: number, epoch: Epoch, frontier: number, nowS: number): void {
    const cut = catchUpCut(epoch, frontier, nowS);
    if (!cut) return;
    this.store.addSkipped(frontier, cut.cutoff, index);
    this.store.setFrontier(cut.cutoff);
    this.log.warn(
      'skipped intervals missed while the generator was not running (beyond catch_up_limit)',
      {
        skipped_intervals: cut.skippedIntervals,
        from: isoSeconds(frontier),
        to: isoSeconds(cut.cutoff),
        catch_up_limit: epoch.config.catch_up_limit,
      },
    );
  }

  /** Starts a dataset one interval in the past and produces its baseline at once. */
  private async startDataset(reason: 'start' | 'resume'): Promise<string[]> {
    const config = this.config;
    const start = newDatasetStart(effectiveIntervals(config).driverSeconds, this.nowSeconds());
    const seed = this.datasetSeed();
    this.store.startEpoch(config, seed, start);
    const counts = () => ({
      companies: this.store.state?.companies.count ?? 0,
      batches: this.store.state?.drivers.batches ?? 0,
    });
    const before = counts();
    await this.produceDue(undefined, undefined, false);
    const after = counts();
    const actions = [
      `companies:${after.companies - before.companies}`,
      `driver_batch:${after.batches - before.batches}`,
    ];
    this.log.info(
      reason === 'resume' ? 'regenerated the baseline after a clean' : 'started a new dataset',
      { preset: config.name, seed, start: isoSeconds(start), actions },
    );
    return actions;
  }

  private missingBaseline(): string[] {
    const p = this.store.paths;
    const shown = (path: string) => relative(process.cwd(), path) || path;
    const missing: string[] = [];
    if (!existsSync(p.companies)) missing.push(shown(p.companies));
    if (!existsSync(p.events) || readdirSync(p.events).every((n) => n.startsWith('.')))
      missing.push(shown(p.events));
    return missing;
  }

  // ---- lifecycle ----------------------------------------------------------------------

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
      const { deleted, errors } = this.store.deleteGenerated(seed, true);
      this.batches.clear();
      this.backfillProgress.clear();
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
  async setConfig(config: GeneratorConfig): Promise<ConfigChange> {
    return this.work.exclusive(async () => this.switchConfig(config, 'api'));
  }

  private switchConfig(config: GeneratorConfig, source: 'start' | 'api'): ConfigChange {
    const active = this.activeEpoch();
    const seed = this.datasetSeed(config);
    if (this.pendingSwitch) this.store.dropPendingEpoch();
    this.config = config;
    const current = this.activeEpoch();
    if (!active || !current) {
      this.log.info('preset selected for the next dataset', { preset: config.name, source });
      this.events.emit('health');
      const message = `preset ${config.name} will be used when the dataset starts`;
      return { changed: true, effective_at: null, message };
    }
    if (
      contentIdentity(current.epoch.config) === contentIdentity(config) &&
      current.epoch.seed === seed
    ) {
      this.events.emit('health');
      const message = `preset ${config.name} is already running`;
      return { changed: false, effective_at: null, message };
    }
    const d = epochShape(current.epoch).driverSeconds;
    const at = Math.floor(this.nowSeconds() / d) * d + d;
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

  /** Backfill starts a new dataset: only on a clean, paused data folder. */
  private canBackfill(): boolean {
    return this.paused && this.store.epochs.length === 0 && this.missingBaseline().length === 2;
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
      this.store.startEpoch(this.config, this.datasetSeed(), fromS);
      this.store.setPaused(false);
      const { status, signal } = this.backfillProgress.begin(fromS, this.config.name);
      // Runs in the background (still one at a time with other store work).
      this.work.exclusive(() => this.runBackfill(signal)).catch(() => undefined);
      return status;
    });
  }

  private async runBackfill(signal: AbortSignal): Promise<void> {
    let error: string | null = null;
    try {
      await this.produceDue(
        signal,
        (done, total, events) => this.backfillProgress.progress(done, total, events),
        false,
      );
    } catch (err) {
      error = (err as Error).message;
      this.lastError = { message: error, at: this.isoNow() };
    }
    // A cancelled backfill leaves the dataset paused where it stopped.
    if (signal.aborted) this.store.setPaused(true);
    this.backfillProgress.finish(error);
    this.events.emit('health');
    this.schedule(0);
  }

  cancelBackfill(): BackfillStatus {
    return this.backfillProgress.cancel();
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
  }

  // ---- health -------------------------------------------------------------------------

  status(): Health['status'] {
    if (this.lastError) return 'error';
    return this.paused ? 'paused' : 'running';
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
        missing: hasDataset ? this.missingBaseline() : [],
      },
      paths: { root: p.root, state: p.state },
      autoReinit: this.autoReinit,
      pendingPreset: this.pendingSwitch,
      backfill: this.backfillState,
      canBackfill: this.canBackfill(),
      lastError: this.lastError,
    });
  }
}
