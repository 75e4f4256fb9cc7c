// What the running generator is made of, shared by its parts (start-up, the actions, backfill,
// joining a class, health): one data folder's store, the serial work queue, the scheduler,
// the worker pool, the backfill in progress, and the config a new dataset would use. The
// facade (generator-service.ts) owns one; the modules beside it act on it.
import { EventEmitter } from 'node:events';
import type { BackfillStatus, Health } from '../../../shared/api.ts';
import type { GeneratorConfig } from '../../../shared/config.ts';
import type { JoinTarget } from '../../../shared/recipe.ts';
import type { Epoch } from '../../engine/plan.ts';
import { datasetSeed } from '../dataset/seed-policy.ts';
import { activeEpoch, pendingSwitch } from '../dataset/timeline.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { SerialWork } from '../kernel/serial-work.ts';
import type { ApiLogEntry, LogStore } from '../logs/log-store.ts';
import { type Logger, newRunId } from '../logs/logger.ts';
import type { LockOptions } from '../platform/data-folder-lock.ts';
import { floorFromEnv } from '../platform/free-space.ts';
import { defaultWorkerCount, WorkerPool } from '../production/pool/worker-pool.ts';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';
import { BackfillProgress } from './backfill.ts';
import { BatchIndex } from './batch-index.ts';
import { Scheduler } from './scheduler.ts';

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

export interface ServiceEvents {
  batch: [StoredBatchMeta];
  log: [ApiLogEntry];
  health: [];
  backfill: [BackfillStatus];
}

export class LiveLoop {
  readonly events = new EventEmitter<ServiceEvents>();
  readonly runId = newRunId();
  readonly clock: Clock;
  readonly startTime: Date;
  readonly work = new SerialWork();
  readonly pool: WorkerPool;
  readonly batches: BatchIndex;
  readonly backfillProgress: BackfillProgress;
  readonly scheduler: Scheduler;
  readonly seedOverride: number | undefined;
  readonly allowedOrigins: string[];
  /** The config a new dataset starts with (the last one selected). */
  config: GeneratorConfig;
  stopping = false;
  autoReinit: Health['auto_reinit'] = {
    performed: false,
    at: null,
    actions: [],
    missing_files: [],
  };

  constructor(
    options: ServiceOptions,
    readonly store: DataStore,
    readonly logs: LogStore,
    readonly log: Logger,
  ) {
    this.clock = options.clock ?? systemClock;
    this.startTime = new Date(this.clock.now());
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

  get paused(): boolean {
    return this.store.state?.paused ?? false;
  }

  nowSeconds(): number {
    return this.clock.now() / 1000;
  }

  isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  activeEpoch(): { index: number; epoch: Epoch } | undefined {
    return activeEpoch(this.store.epochs, this.nowSeconds());
  }

  /** The config that runs now (the active epoch's), or the one a new dataset would use. */
  get activeConfig(): GeneratorConfig {
    return this.activeEpoch()?.epoch.config ?? this.config;
  }

  /** A preset switch announced for the next interval, if any. */
  pendingSwitch(): { preset: string; at: string } | null {
    return pendingSwitch(this.store.epochs, this.nowSeconds());
  }

  datasetSeed(config: GeneratorConfig = this.config): number {
    return datasetSeed({
      override: this.seedOverride,
      config: config.seed,
      stored: this.store.state?.seed,
    });
  }

  status(): Health['status'] {
    return this.scheduler.lastError ? 'error' : this.paused ? 'paused' : 'running';
  }
}
