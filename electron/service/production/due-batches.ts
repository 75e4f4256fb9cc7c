// The batches that are due: every closed interval not yet committed, in order,
// through the worker pool, with the catch-up limit after a downtime. Shared by live ticks,
// start-up catch-up, a new dataset's baseline and backfill.
import { effectiveIntervals, type GeneratorConfig } from '../../../shared/config.ts';
import type { CompanyBatchResult } from '../../engine/companies.ts';
import { isoSeconds } from '../../engine/format.ts';
import type { Epoch } from '../../engine/plan.ts';
import {
  activeEpoch,
  catchUpCut,
  newDatasetStart,
  openFrontier,
  pendingSwitch,
} from '../dataset/timeline.ts';
import type { Logger } from '../logs/logger.ts';
import { epochFromRecord } from '../store/state.ts';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';
import type { WorkerPool } from './pool/worker-pool.ts';
import { planBatches, produceBatches } from './producer.ts';

export interface Production {
  store: DataStore;
  pool: WorkerPool;
  log: Logger;
  onDriverBatch: (meta: StoredBatchMeta) => void;
  onCompanyBatch?: (result: CompanyBatchResult) => void;
}

export interface DueOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number, events: number) => void) | undefined;
  /** Live ticks and start-up catch-up apply it; a baseline and a backfill produce everything. */
  applyCatchUpLimit: boolean;
}

/** Produces every closed batch not yet committed, then moves the frontier to what is open. */
export async function produceDue(p: Production, nowS: number, options: DueOptions): Promise<void> {
  const records = p.store.epochs;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    if (!record) continue;
    const epoch = epochFromRecord(record);
    const frontier = p.store.frontierSeconds() ?? epoch.startSeconds;
    if ((epoch.endSeconds ?? Number.POSITIVE_INFINITY) <= frontier || epoch.startSeconds > nowS)
      continue;
    if (options.applyCatchUpLimit) limitCatchUp(p, index, epoch, frontier, nowS);
    // Re-read: the catch-up limit may have moved the frontier and added a skipped range.
    const from = p.store.frontierSeconds() ?? epoch.startSeconds;
    const { batches: planned } = planBatches(
      p.store,
      epochFromRecord(record),
      record.initial_fleet_committed,
      { fromS: from, toS: Number.POSITIVE_INFINITY, closedByS: nowS },
    );
    if (planned.length === 0) continue;
    const catchUp = planned.filter((b) => b.task.kind === 'driver').length > 1;
    if (catchUp)
      p.log.info('catching up missed intervals', {
        batches: planned.length,
        from: isoSeconds(planned[0]?.start ?? from),
      });
    const totals = await produceBatches(p.store, p.pool, planned, {
      log: p.log.child('generator'),
      signal: options.signal,
      frontierAfter: planned[planned.length - 1]?.start ?? from,
      // A batch still open (an hourly company batch among closed driver batches) keeps the frontier.
      frontierCap:
        epoch.endSeconds !== undefined && epoch.endSeconds <= nowS
          ? undefined
          : openFrontier(epoch, nowS),
      onDriverBatch: p.onDriverBatch,
      onCompanyBatch: p.onCompanyBatch,
      onProgress: (done, total, t) => options.onProgress?.(done, total, t.events),
    });
    if (catchUp)
      p.log.info('caught up', {
        driver_batches: totals.driverBatches,
        company_batches: totals.companyBatches,
      });
    if (totals.interrupted) return;
  }
  const active = activeEpoch(p.store.epochs, nowS);
  const pending = pendingSwitch(p.store.epochs, nowS);
  if (active)
    p.store.setFrontier(
      openFrontier(active.epoch, nowS, pending ? Date.parse(pending.at) / 1000 : undefined),
    );
}

/** After a long downtime, keeps only the newest `catch_up_limit` intervals, logging the rest as skipped. */
function limitCatchUp(p: Production, index: number, epoch: Epoch, frontier: number, nowS: number) {
  const cut = catchUpCut(epoch, frontier, nowS);
  if (!cut) return;
  p.store.addSkipped(frontier, cut.cutoff, index);
  p.store.setFrontier(cut.cutoff);
  p.log.warn(
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
export async function startDataset(
  p: Production,
  config: GeneratorConfig,
  seed: number,
  nowS: number,
  reason: 'start' | 'resume',
): Promise<string[]> {
  const start = newDatasetStart(effectiveIntervals(config).driverSeconds, nowS);
  p.store.startEpoch(config, seed, start);
  const counts = () => ({
    companies: p.store.state?.companies.count ?? 0,
    batches: p.store.state?.drivers.batches ?? 0,
  });
  const before = counts();
  await produceDue(p, nowS, { applyCatchUpLimit: false });
  const after = counts();
  const actions = [
    `companies:${after.companies - before.companies}`,
    `driver_batch:${after.batches - before.batches}`,
  ];
  p.log.info(
    reason === 'resume' ? 'regenerated the baseline after a clean' : 'started a new dataset',
    { preset: config.name, seed, start: isoSeconds(start), actions },
  );
  return actions;
}
