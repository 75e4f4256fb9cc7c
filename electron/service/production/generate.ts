// `generate`: every batch whose interval starts in [from, to), produced in the worker pool and
// committed in time order. Re-running a range skips what is committed, so a run interrupted
// at any moment is completed by running it again, with byte-identical results.
import { contentIdentity, type GeneratorConfig } from '../../../shared/config.ts';
import { isoSeconds } from '../../engine/format.ts';
import type { Epoch } from '../../engine/plan.ts';
import { rangeSize, tooLarge } from '../dataset/range-limits.ts';
import { datasetSeed } from '../dataset/seed-policy.ts';
import { diskFullMessage, GenerateError, isDiskFull } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { DataFolderLock, type LockOptions } from '../platform/data-folder-lock.ts';
import { DataStore } from '../store/store.ts';
import { WorkerPool } from './pool/worker-pool.ts';
import { type ProduceTotals, planBatches, produceBatches } from './producer.ts';

export interface GenerateProgress {
  done: number;
  total: number;
  events: number;
  elapsedSeconds: number;
}

export interface GenerateOptions {
  dataDir: string;
  config: GeneratorConfig;
  /** --seed; otherwise the config's seed, then the data dir's, then a fresh one. */
  seed?: number | undefined;
  fromMs: number;
  toMs: number;
  workers: number;
  log: Logger;
  durable?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: GenerateProgress) => void;
  progressIntervalMs?: number;
  /** Who writes, for another process refused the folder (default `generate`). */
  writer?: LockOptions;
}

export interface GenerateSummary {
  seed: number;
  companyBatches: number;
  driverBatches: number;
  alreadyPresent: number;
  events: number;
  corrupted: number;
  records: number;
  bytes: number;
  seconds: number;
  eventsPerSecond: number;
  interrupted: boolean;
  /** Worker threads started: 0 when the work was light enough to run inline. */
  workerThreads: number;
}

export async function generateRange(options: GenerateOptions): Promise<GenerateSummary> {
  if (!(options.toMs > options.fromMs)) {
    throw new GenerateError('invalid_range', '--to must be after --from');
  }
  // Batches start on whole seconds: t*1000 >= fromMs and t*1000 < toMs.
  const fromS = Math.ceil(options.fromMs / 1000);
  const toS = Math.ceil(options.toMs / 1000);
  // Before the data folder is touched; the seed does not change the size.
  const refusal = tooLarge(rangeSize(options.config, 0, fromS, toS), fromS, toS);
  if (refusal) throw new GenerateError('range_too_large', refusal);
  // One writer per folder: refused before anything in it is written, freed when done.
  const lock = DataFolderLock.acquire(options.dataDir, options.writer ?? { command: 'generate' });
  try {
    return await generateLocked(options, fromS, toS);
  } finally {
    lock.release();
  }
}

async function generateLocked(
  options: GenerateOptions,
  fromS: number,
  toS: number,
): Promise<GenerateSummary> {
  const { log } = options;
  const store = DataStore.open(options.dataDir, { log, durable: options.durable ?? false });
  const seed = datasetSeed({
    override: options.seed,
    config: options.config.seed,
    stored: store.state?.seed,
  });
  const { epoch, initialFleetDone } = resolveEpoch(store, options.config, seed, fromS);

  const { batches: planned, alreadyPresent } = planBatches(store, epoch, initialFleetDone, {
    fromS,
    toS,
  });

  log.info('generate started', {
    preset: options.config.name,
    seed,
    from: isoSeconds(fromS),
    to: isoSeconds(toS),
    batches: planned.length,
    already_present: alreadyPresent,
    workers: options.workers,
  });

  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let lastProgress = 0;
  const progressEvery = options.progressIntervalMs ?? 1000;
  const pool =
    planned.length > 0 ? new WorkerPool(Math.min(options.workers, planned.length)) : undefined;
  let totals: ProduceTotals | undefined;
  let failure: Error | undefined;
  try {
    if (pool) {
      totals = await produceBatches(store, pool, planned, {
        log,
        signal: options.signal,
        frontierAfter: toS,
        onProgress: (done, total, sofar) => {
          if (performance.now() - lastProgress < progressEvery && done < total) return;
          lastProgress = performance.now();
          options.onProgress?.({ done, total, events: sofar.events, elapsedSeconds: elapsed() });
        },
      });
    }
    if (!totals?.interrupted) store.setFrontier(toS);
  } catch (err) {
    failure = err as Error;
  } finally {
    await pool?.close();
  }
  try {
    store.writeDatasetDoc();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) {
    if (isDiskFull(failure)) {
      const message = diskFullMessage(options.dataDir);
      log.error('generate stopped: the disk is full', { message });
      throw new GenerateError('disk_full', `${message}, then run the same command again`);
    }
    log.error('generate failed', { message: failure.message });
    throw new GenerateError('generation_failed', failure.message);
  }
  const seconds = elapsed();
  const summary: GenerateSummary = {
    seed,
    companyBatches: totals?.companyBatches ?? 0,
    driverBatches: totals?.driverBatches ?? 0,
    alreadyPresent,
    events: totals?.events ?? 0,
    corrupted: totals?.corrupted ?? 0,
    records: totals?.records ?? 0,
    bytes: totals?.bytes ?? 0,
    seconds,
    eventsPerSecond: seconds > 0 ? (totals?.events ?? 0) / seconds : 0,
    interrupted: totals?.interrupted ?? false,
    workerThreads: pool?.started ?? 0,
  };
  log.info(summary.interrupted ? 'generate interrupted' : 'generate finished', {
    company_batches: summary.companyBatches,
    driver_batches: summary.driverBatches,
    events: summary.events,
    seconds: Number(seconds.toFixed(3)),
  });
  return summary;
}

/**
 * Continues the data dir's epoch when config and seed match, starts a new one after the
 * existing data otherwise, and refuses ranges that would rewrite history.
 */
function resolveEpoch(
  store: DataStore,
  config: GeneratorConfig,
  seed: number,
  fromS: number,
): { epoch: Epoch; initialFleetDone: boolean } {
  const current = store.currentEpoch();
  if (!current) return { epoch: store.startEpoch(config, seed, fromS), initialFleetDone: false };
  const frontier = store.frontierSeconds() ?? current.epoch.startSeconds;
  const same =
    current.epoch.seed === seed &&
    contentIdentity(current.epoch.config) === contentIdentity(config);
  if (same) {
    if (fromS < current.epoch.startSeconds) {
      throw new GenerateError(
        'range_before_dataset',
        `--from ${isoSeconds(fromS)} is before this dataset's start ${isoSeconds(current.epoch.startSeconds)}; use --from ${isoSeconds(current.epoch.startSeconds)} or later, or another --data-dir`,
      );
    }
    if (fromS > frontier) store.addSkipped(frontier, fromS);
    const refreshed = store.currentEpoch() ?? current;
    return { epoch: refreshed.epoch, initialFleetDone: refreshed.record.initial_fleet_committed };
  }
  if (fromS < frontier) {
    throw new GenerateError(
      'range_overlaps_dataset',
      `this data dir already holds a dataset (preset ${current.record.preset}, seed ${current.epoch.seed}) up to ${isoSeconds(frontier)}; to continue it with preset ${config.name} (seed ${seed}) use --from ${isoSeconds(frontier)} or later, or use another --data-dir`,
    );
  }
  return {
    epoch: store.startEpoch(config, seed, fromS, { endPreviousAt: fromS }),
    initialFleetDone: false,
  };
}
