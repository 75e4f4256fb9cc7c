// `generate`: every batch whose interval starts in [from, to), produced in the worker pool and
// committed in time order. Re-running a range skips what is committed, so a run interrupted
// at any moment is completed by running it again, with byte-identical results.
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { contentIdentity, type GeneratorConfig, SEED_LIMIT } from '../../shared/config.ts';
import type { CompanyBatchKey } from '../engine/companies.ts';
import { isoSeconds } from '../engine/format.ts';
import { batchStartsIn, type Epoch, INITIAL_FLEET_WINDOW_SECONDS } from '../engine/plan.ts';
import type { Logger } from './logs/logger.ts';
import type { BatchTask, BatchTaskResult } from './pool/batch-task.ts';
import { WorkerPool } from './pool/worker-pool.ts';
import { DataStore } from './store/store.ts';

export class GenerateError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GenerateError';
  }
}

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
}

interface PlannedTask {
  start: number;
  task: BatchTask;
}

export async function generateRange(options: GenerateOptions): Promise<GenerateSummary> {
  const { log } = options;
  if (!(options.toMs > options.fromMs)) {
    throw new GenerateError('invalid_range', '--to must be after --from');
  }
  const store = DataStore.open(options.dataDir, { log, durable: options.durable ?? false });
  const seed = options.seed ?? options.config.seed ?? store.state?.seed ?? randomInt(0, SEED_LIMIT);
  // Batches start on whole seconds: t*1000 >= fromMs and t*1000 < toMs.
  const fromS = Math.ceil(options.fromMs / 1000);
  const toS = Math.ceil(options.toMs / 1000);
  const { epoch, initialFleetDone } = resolveEpoch(store, options.config, seed, fromS);

  const planned: PlannedTask[] = [];
  if (!initialFleetDone) {
    planned.push({
      start: epoch.startSeconds - INITIAL_FLEET_WINDOW_SECONDS,
      task: { kind: 'companies', epoch, key: { kind: 'initial' } },
    });
  }
  const lastOnboarding = store.state?.companies.last_onboarding_start;
  const lastOnboardingS = lastOnboarding
    ? Date.parse(lastOnboarding) / 1000
    : Number.NEGATIVE_INFINITY;
  for (const t of batchStartsIn(epoch, 'company', fromS, toS)) {
    if (t > lastOnboardingS) {
      planned.push({
        start: t,
        task: { kind: 'companies', epoch, key: { kind: 'onboarding', startSeconds: t } },
      });
    }
  }
  let alreadyPresent = 0;
  for (const s of batchStartsIn(epoch, 'driver', fromS, toS)) {
    if (store.hasDriverBatch(s)) {
      alreadyPresent++;
      continue;
    }
    planned.push({
      start: s,
      task: {
        kind: 'driver',
        epoch,
        startSeconds: s,
        eventsDir: store.paths.events,
        durable: store.durable,
      },
    });
  }
  // Time order; at equal starts companies first, so no event refers to an unwritten company.
  planned.sort((a, b) => a.start - b.start || (a.task.kind === 'companies' ? -1 : 1));

  log.info('generate started', {
    preset: options.config.name,
    seed,
    from: isoSeconds(fromS),
    to: isoSeconds(toS),
    batches: planned.length,
    already_present: alreadyPresent,
    workers: options.workers,
  });

  const summary: GenerateSummary = {
    seed,
    companyBatches: 0,
    driverBatches: 0,
    alreadyPresent,
    events: 0,
    corrupted: 0,
    records: 0,
    bytes: 0,
    seconds: 0,
    eventsPerSecond: 0,
    interrupted: false,
  };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let lastProgress = 0;
  const progressEvery = options.progressIntervalMs ?? 1000;
  const report = (done: number) => {
    options.onProgress?.({
      done,
      total: planned.length,
      events: summary.events,
      elapsedSeconds: elapsed(),
    });
  };

  const pool =
    planned.length > 0 ? new WorkerPool(Math.min(options.workers, planned.length)) : undefined;
  const inFlight = new Map<number, Promise<BatchTaskResult>>();
  const window = Math.max(2, options.workers * 2);
  let submitted = 0;
  let failure: Error | undefined;
  try {
    for (let next = 0; next < planned.length; next++) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      while (pool && submitted < planned.length && submitted < next + window) {
        const task = (planned[submitted] as PlannedTask).task;
        const promise = pool.run(task);
        promise.catch(() => undefined); // observed below, in order
        inFlight.set(submitted, promise);
        submitted++;
      }
      const item = planned[next] as PlannedTask;
      const result = await (inFlight.get(next) as Promise<BatchTaskResult>);
      inFlight.delete(next);
      const frontier = planned[next + 1]?.start ?? toS;
      if (result.kind === 'companies') {
        const key = (item.task as { key: CompanyBatchKey }).key;
        const bytes = Buffer.from(result.result.text);
        store.commitCompanies(key, bytes, result.result, frontier);
        summary.companyBatches++;
        summary.bytes += bytes.length;
      } else {
        store.commitDriverBatch(result.tmpDir, result.meta, frontier);
        summary.driverBatches++;
        summary.events += result.meta.event_count;
        summary.corrupted += result.meta.corrupted_count;
        summary.records += result.meta.record_count;
        summary.bytes += result.bytes;
        log.info('committed driver batch', {
          batch_id: result.meta.batch_id,
          event_count: result.meta.event_count,
          corrupted_count: result.meta.corrupted_count,
          record_count: result.meta.record_count,
        });
        if (result.meta.corrupted_count > 0 && epoch.config.quality_injection.log_injected_issues) {
          log.info('injected defects', {
            batch_id: result.meta.batch_id,
            issues: result.meta.issues,
          });
        }
      }
      if (performance.now() - lastProgress >= progressEvery) {
        lastProgress = performance.now();
        report(next + 1);
      }
    }
    if (!summary.interrupted) store.setFrontier(toS);
  } catch (err) {
    failure = err as Error;
  } finally {
    // Anything still in flight is discarded: its temp folder never becomes visible.
    const leftovers = await Promise.allSettled(inFlight.values());
    for (const settled of leftovers) {
      if (settled.status === 'fulfilled' && settled.value.kind === 'driver') {
        rmSync(settled.value.tmpDir, { recursive: true, force: true });
      }
    }
    await pool?.close();
  }
  summary.seconds = elapsed();
  summary.eventsPerSecond = summary.seconds > 0 ? summary.events / summary.seconds : 0;
  store.writeDatasetDoc();
  if (failure) {
    log.error('generate failed', { message: failure.message });
    throw new GenerateError('generation_failed', failure.message);
  }
  report(summary.companyBatches + summary.driverBatches);
  log.info(summary.interrupted ? 'generate interrupted' : 'generate finished', {
    company_batches: summary.companyBatches,
    driver_batches: summary.driverBatches,
    events: summary.events,
    seconds: Number(summary.seconds.toFixed(3)),
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
  return { epoch: store.startEpoch(config, seed, fromS), initialFleetDone: false };
}
