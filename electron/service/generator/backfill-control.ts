// Backfill: a new dataset started in the past and produced up to now at full speed, in the
// background, one piece at a time with the other store work. Its record in the state file
// outlives a crash or a stop, so an unfinished backfill goes on at the next start.
import type { BackfillStatus } from '../../../shared/api.ts';
import { effectiveIntervals } from '../../../shared/config.ts';
import { missingBaseline } from '../dataset/baseline.ts';
import { rangeSize, tooLarge } from '../dataset/range-limits.ts';
import { ServiceError } from '../kernel/errors.ts';
import { warnOnFailure } from '../logs/warn-on-failure.ts';
import type { LiveLoop } from './live-loop.ts';

/** Backfill starts a new dataset: only on a clean, paused data folder. */
export function canBackfill(loop: LiveLoop): boolean {
  return (
    loop.paused && loop.store.epochs.length === 0 && missingBaseline(loop.store.paths).length === 2
  );
}

/** On a clean, paused dataset: starts it at `fromMs` and produces everything up to now. */
export async function backfill(loop: LiveLoop, fromMs: number): Promise<BackfillStatus> {
  return loop.work.exclusive(async () => {
    if (!canBackfill(loop)) {
      throw new ServiceError(
        409,
        'backfill_requires_clean_paused',
        'backfill starts a new dataset: pause, clean, then backfill',
      );
    }
    const { driverSeconds } = effectiveIntervals(loop.config);
    const fromS = Math.floor(fromMs / 1000);
    if (fromS + driverSeconds > loop.nowSeconds()) {
      throw new ServiceError(
        400,
        'invalid_from',
        `from must be at least one interval (${driverSeconds} s) in the past`,
      );
    }
    const nowS = Math.floor(loop.nowSeconds());
    const refusal = tooLarge(rangeSize(loop.config, loop.datasetSeed(), fromS, nowS), fromS, nowS);
    if (refusal) throw new ServiceError(400, 'range_too_large', `a backfill from ${refusal}`);
    // Persisted with its epoch: a crash or a kill before it is done resumes it (open.ts).
    loop.store.startEpoch(loop.config, loop.datasetSeed(), fromS, { backfill: true });
    return startBackfillRun(loop, fromS);
  });
}

/** Produces the backfill recorded from `fromS` in the background; returns its first status. */
export function startBackfillRun(loop: LiveLoop, fromS: number, resumed = false): BackfillStatus {
  const { status, signal } = loop.backfillProgress.begin(fromS, loop.config.name, resumed);
  // Runs in the background (still one at a time with other store work).
  loop.work
    .exclusive(() => runBackfill(loop, signal))
    .catch(warnOnFailure(loop.log, 'the backfill stopped on an unexpected error'));
  return status;
}

async function runBackfill(loop: LiveLoop, signal: AbortSignal): Promise<void> {
  const { error } = await loop.backfillProgress.run((onProgress) =>
    loop.scheduler.produceDue({ signal, onProgress, applyCatchUpLimit: false }),
  );
  if (error) loop.scheduler.recordError(error, loop.isoNow());
  if (signal.aborted && !loop.stopping) {
    // Cancelled or paused on purpose: the dataset stays paused where it stopped.
    loop.store.endBackfill();
    loop.store.setPaused(true);
  } else if (!signal.aborted && !error) {
    loop.store.endBackfill();
  }
  // Stopped (the app closed) or failed: the record stays, so the backfill goes on at the
  // next start, or at the next tick after a failure, without the catch-up limit.
  loop.backfillProgress.finish(error);
  loop.events.emit('health');
  loop.scheduler.schedule(0);
}
