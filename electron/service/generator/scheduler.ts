// The loop that keeps a dataset current: after each interval closes, produce what is due
// (or start the dataset), note a failure and retry at the next close. Work runs one piece at a
// time with the service's other store work (SerialWork).
import type { Health } from '../../../shared/api.ts';
import type { GeneratorConfig } from '../../../shared/config.ts';
import { activeEpoch, nextCloseSeconds, pendingSwitch } from '../dataset/timeline.ts';
import type { Clock } from '../kernel/clock.ts';
import { diskFullMessage, isDiskFull } from '../kernel/errors.ts';
import type { SerialWork } from '../kernel/serial-work.ts';
import type { Logger } from '../logs/logger.ts';
import { DiskLowError, ensureFreeSpace } from '../platform/free-space.ts';
import {
  type DueOptions,
  type Production,
  produceDue,
  startDataset,
} from '../production/due-batches.ts';
import type { WorkerPool } from '../production/pool/worker-pool.ts';
import type { DataStore } from '../store/store.ts';
import type { BatchIndex, ListedBatchMeta } from './batch-index.ts';

export interface SchedulerParts {
  store: DataStore;
  pool: WorkerPool;
  clock: Clock;
  log: Logger;
  work: SerialWork;
  batches: BatchIndex;
  onBatch: (meta: ListedBatchMeta) => void;
  /** After each tick, whether it produced anything or failed. */
  onTick: () => void;
  /** Stopping or paused: no timer at all. */
  halted: () => boolean;
  /** A backfill owns production meanwhile. */
  backfilling: () => boolean;
  /** The config and seed a new dataset starts with. */
  newDataset: () => { config: GeneratorConfig; seed: number };
  /** Below this many free bytes on the data folder's disk no batch is produced (disk_low). */
  minFreeBytes: number;
}

export class Scheduler {
  /** The last failure, until a later tick succeeds (health shows `error` meanwhile). */
  lastError: Health['last_error'] = null;

  /** A failure of work run beside the ticks (a backfill): shown until a tick succeeds. */
  recordError(message: string, at: string): void {
    this.lastError = { message, at };
  }
  /** Failed ticks in a row, for the retry back-off. */
  private failures = 0;

  private backoffMs(): number {
    return Math.min(60_000, 1000 * 2 ** this.failures);
  }
  private readonly production: Production;

  constructor(private readonly parts: SchedulerParts) {
    this.production = {
      store: parts.store,
      pool: parts.pool,
      log: parts.log,
      onDriverBatch: (meta) => parts.onBatch(parts.batches.add(meta)),
      // A company batch's changes update the counts of driver batches already announced.
      onCompanyBatch: (result) => {
        for (const meta of parts.batches.addChanges(result.changeTimes)) parts.onBatch(meta);
      },
    };
  }

  private nowSeconds(): number {
    return this.parts.clock.now() / 1000;
  }

  /** The next tick in `delayMs` (a new plan replaces the old one); none while halted. */
  schedule(delayMs: number): void {
    if (this.parts.halted()) {
      this.parts.work.cancelTimer();
      return;
    }
    this.parts.work.after(delayMs, () => this.tick());
  }

  /** Real milliseconds until the next interval closes (or an announced epoch starts). */
  delayToNextClose(): number {
    const epochs = this.parts.store.epochs;
    const nowS = this.nowSeconds();
    const pending = pendingSwitch(epochs, nowS);
    const next = nextCloseSeconds(
      activeEpoch(epochs, nowS)?.epoch,
      pending ? Date.parse(pending.at) / 1000 : undefined,
      nowS,
    );
    // A little after the close, so the interval is closed on any clock.
    return next === undefined ? 1000 : this.parts.clock.delayUntil(next * 1000) + 5;
  }

  produceDue(options: DueOptions = { applyCatchUpLimit: true }): Promise<void> {
    return produceDue(this.production, this.nowSeconds(), options);
  }

  startDataset(reason: 'start' | 'resume'): Promise<string[]> {
    const { config, seed } = this.parts.newDataset();
    return startDataset(this.production, config, seed, this.nowSeconds(), reason);
  }

  private async tick(): Promise<void> {
    const { store, log } = this.parts;
    if (this.parts.halted() || this.parts.backfilling()) return;
    try {
      ensureFreeSpace(store.paths.root, this.parts.minFreeBytes);
      if (store.epochs.length === 0) {
        const baseline = this.startDataset('start');
        // The dataset (and its class code) exists now, its baseline batches a while later:
        // health watchers (the terminal's class code, the dashboard) hear of it at once.
        this.parts.onTick();
        await baseline;
      } else {
        // An unfinished backfill (one that failed, say on a full disk) goes on here without
        // the catch-up limit, and ends once everything up to now is there.
        const backfill = store.backfill !== null;
        await this.produceDue({ applyCatchUpLimit: !backfill });
        if (backfill && !this.parts.halted()) store.endBackfill();
      }
      if (this.lastError) {
        log.info('generation recovered', { after: this.lastError.message });
        this.lastError = null;
      }
      this.failures = 0;
    } catch (err) {
      const at = new Date(this.parts.clock.now()).toISOString();
      const full = isDiskFull(err);
      this.lastError = {
        message: full ? diskFullMessage(store.paths.root) : (err as Error).message,
        at,
        code: full ? 'disk_full' : err instanceof DiskLowError ? err.code : 'generation_failed',
      };
      this.failures++;
      // Retries back off (2 s, 4 s, ... up to a minute), never sooner than the next close.
      const retryMs = Math.max(this.delayToNextClose(), this.backoffMs());
      log.error('generation failed; retrying', {
        code: this.lastError.code,
        message: this.lastError.message,
        retry_in_s: Math.round(retryMs / 1000),
      });
      this.parts.onTick();
      this.schedule(retryMs);
      return;
    }
    this.parts.onTick();
    this.schedule(this.delayToNextClose());
  }
}
