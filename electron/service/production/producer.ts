// Plans which batches are due and produces them in the worker pool, committing strictly in
// time order. Shared by `generate`, start-up catch-up, backfill and the live scheduler, so a
// batch is the same bytes whichever path made it.
import { rmSync } from 'node:fs';
import type { CompanyBatchKey, CompanyBatchResult } from '../../engine/companies.ts';
import {
  batchStartsIn,
  type Epoch,
  epochShape,
  expectedDriverLines,
  INITIAL_FLEET_WINDOW_SECONDS,
} from '../../engine/plan.ts';
import type { Logger } from '../logs/logger.ts';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';
import type { BatchTask, BatchTaskResult } from './pool/batch-task.ts';
import type { WorkerPool } from './pool/worker-pool.ts';

export interface PlannedBatch {
  start: number;
  task: BatchTask;
}

export interface PlanWindow {
  /** Batches that start in [fromS, toS) ... */
  fromS: number;
  toS: number;
  /** ... and, when given, have closed by then (end <= closedByS): never an open interval. */
  closedByS?: number;
}

export interface Plan {
  /** The epoch's batches in the window that are not committed yet, in commit order. */
  batches: PlannedBatch[];
  /** Driver batches in the window that are committed already (skipped). */
  alreadyPresent: number;
}

export function planBatches(
  store: DataStore,
  epoch: Epoch,
  initialFleetDone: boolean,
  window: PlanWindow,
): Plan {
  const shape = epochShape(epoch);
  // A finished epoch produces only batches that end by its end.
  const closedBy = Math.min(
    window.closedByS ?? Number.POSITIVE_INFINITY,
    epoch.endSeconds ?? Number.POSITIVE_INFINITY,
  );
  // Only batches that have closed can be due, so nothing starts at or after closedBy.
  const toS = Math.min(window.toS, closedBy);
  const planned: PlannedBatch[] = [];
  let alreadyPresent = 0;
  if (!initialFleetDone && epoch.startSeconds <= closedBy) {
    planned.push({
      start: epoch.startSeconds - INITIAL_FLEET_WINDOW_SECONDS,
      task: { kind: 'companies', epoch, key: { kind: 'initial' } },
    });
  }
  const last = store.state?.companies.last_onboarding_start;
  const lastOnboarding = last ? Date.parse(last) / 1000 : Number.NEGATIVE_INFINITY;
  for (const t of batchStartsIn(epoch, 'company', window.fromS, toS, shape)) {
    if (t + shape.companySeconds > closedBy) break;
    if (t > lastOnboarding) {
      planned.push({
        start: t,
        task: { kind: 'companies', epoch, key: { kind: 'onboarding', startSeconds: t } },
      });
    }
  }
  for (const s of batchStartsIn(epoch, 'driver', window.fromS, toS, shape)) {
    if (s + shape.driverSeconds > closedBy) break;
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
  return { batches: planned, alreadyPresent };
}

export interface ProduceTotals {
  companyBatches: number;
  companies: number;
  driverBatches: number;
  events: number;
  corrupted: number;
  records: number;
  bytes: number;
  interrupted: boolean;
}

export interface ProduceOptions {
  log: Logger;
  signal?: AbortSignal | undefined;
  /** Frontier after the last batch (every start before it is then done). */
  frontierAfter: number;
  /**
   * The frontier never passes this: the start of the earliest batch still open (live, an hourly
   * company batch stays open while its 15-minute driver batches close; moving past its start
   * would skip it for good, as the frontier only advances).
   */
  frontierCap?: number | undefined;
  onDriverBatch?: (meta: StoredBatchMeta) => void;
  /** After a company batch's commit, with what the engine made (its change records' times). */
  onCompanyBatch?: ((result: CompanyBatchResult) => void) | undefined;
  onProgress?: (done: number, total: number, totals: ProduceTotals) => void;
}

/**
 * Below this many expected lines in all, a plan runs on the calling thread: a live tick of the
 * classroom presets or a one-batch `generate` takes less time than starting a worker (about
 * 30 ms and 50 MB), and blocks the thread for a few milliseconds at most.
 */
export const INLINE_LINES = 50_000;

/** About how many lines a plan writes (company batches count their companies). */
export function expectedLines(planned: readonly PlannedBatch[]): number {
  let lines = 0;
  for (const { task } of planned) {
    if (task.kind === 'driver') lines += expectedDriverLines(task.epoch, task.startSeconds);
    else {
      const shape = epochShape(task.epoch);
      lines += task.key.kind === 'initial' ? shape.initialFleet : shape.companiesPerOnboarding;
    }
  }
  return lines;
}

export async function produceBatches(
  store: DataStore,
  pool: WorkerPool,
  planned: PlannedBatch[],
  options: ProduceOptions,
): Promise<ProduceTotals> {
  const { log } = options;
  const totals: ProduceTotals = {
    companyBatches: 0,
    companies: 0,
    driverBatches: 0,
    events: 0,
    corrupted: 0,
    records: 0,
    bytes: 0,
    interrupted: false,
  };
  const inFlight = new Map<number, Promise<BatchTaskResult>>();
  const inline = expectedLines(planned) < INLINE_LINES;
  const window = inline ? 1 : Math.max(2, pool.size * 2);
  let submitted = 0;
  try {
    for (let next = 0; next < planned.length; next++) {
      if (options.signal?.aborted) {
        totals.interrupted = true;
        break;
      }
      while (submitted < planned.length && submitted < next + window) {
        const promise = pool.run((planned[submitted] as PlannedBatch).task, { inline });
        promise.catch(() => undefined); // observed below, in order
        inFlight.set(submitted, promise);
        submitted++;
      }
      const item = planned[next] as PlannedBatch;
      const started = performance.now();
      const result = await (inFlight.get(next) as Promise<BatchTaskResult>);
      inFlight.delete(next);
      const frontier = Math.min(
        planned[next + 1]?.start ?? options.frontierAfter,
        options.frontierCap ?? Number.POSITIVE_INFINITY,
      );
      if (result.kind === 'companies') {
        const bytes = Buffer.from(result.result.text);
        store.commitCompanies(
          (item.task as { key: CompanyBatchKey }).key,
          bytes,
          result.result,
          frontier,
        );
        totals.companyBatches++;
        totals.companies += result.result.companies;
        totals.bytes += bytes.length;
        options.onCompanyBatch?.(result.result);
      } else {
        store.commitDriverBatch(result.tmpDir, result.meta, frontier);
        totals.driverBatches++;
        totals.events += result.meta.event_count;
        totals.corrupted += result.meta.corrupted_count;
        totals.records += result.meta.record_count;
        totals.bytes += result.bytes;
        log.info('committed driver batch', {
          batch_id: result.meta.batch_id,
          event_count: result.meta.event_count,
          corrupted_count: result.meta.corrupted_count,
          record_count: result.meta.record_count,
          wait_ms: Math.round(performance.now() - started),
        });
        if (
          result.meta.corrupted_count > 0 &&
          item.task.epoch.config.quality_injection.log_injected_issues
        ) {
          log.info('injected defects', {
            batch_id: result.meta.batch_id,
            issues: result.meta.issues,
          });
        }
        options.onDriverBatch?.(result.meta);
      }
      options.onProgress?.(next + 1, planned.length, totals);
    }
  } finally {
    // Anything still in flight is discarded: its temp folder never becomes visible.
    const leftovers = await Promise.allSettled(inFlight.values());
    for (const settled of leftovers) {
      if (settled.status === 'fulfilled' && settled.value.kind === 'driver') {
        rmSync(settled.value.tmpDir, { recursive: true, force: true });
      }
    }
  }
  return totals;
}
