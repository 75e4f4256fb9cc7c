// What a user does to the running generator: pause, resume (with auto-reinit after a clean),
// clean and a preset switch. Each runs as one piece of the serial work, so none of them
// overlaps a tick or another action.
import type { ActionResult, CleanResult } from '../../../shared/api.ts';
import type { GeneratorConfig } from '../../../shared/config.ts';
import { missingBaseline } from '../dataset/baseline.ts';
import { datasetSeed } from '../dataset/seed-policy.ts';
import { rangesByEpoch } from '../dataset/timeline.ts';
import { ServiceError } from '../kernel/errors.ts';
import { deleteGenerated } from '../store/folders.ts';
import { startBackfillRun } from './backfill-control.ts';
import type { LiveLoop } from './live-loop.ts';
import { type ConfigChange, switchPreset } from './preset-switch.ts';

function actionResult(
  loop: LiveLoop,
  action: 'pause' | 'resume',
  message: string,
  extra: ActionResult['extra'] = {},
): ActionResult {
  const status = loop.status();
  return { action, success: true, status, message, error: null, timestamp: loop.isoNow(), extra };
}

export async function pause(loop: LiveLoop): Promise<ActionResult> {
  loop.backfillProgress.abortIfRunning();
  return loop.work.exclusive(async () => {
    if (loop.paused) return actionResult(loop, 'pause', 'already paused');
    loop.work.cancelTimer();
    loop.store.ensureState(loop.datasetSeed());
    loop.store.setPaused(true);
    loop.log.info('paused', {});
    loop.events.emit('health');
    return actionResult(
      loop,
      'pause',
      'generation paused; intervals that close while paused are skipped',
    );
  });
}

export async function resume(loop: LiveLoop): Promise<ActionResult> {
  return loop.work.exclusive(async () => {
    if (!loop.paused) {
      return actionResult(loop, 'resume', 'already running', {
        baseline_actions: [],
        baseline_errors: [],
        verification_missing: missingBaseline(loop.store.paths),
        auto_reinit: loop.autoReinit,
      });
    }
    const missing = missingBaseline(loop.store.paths);
    let baseline: string[] = [];
    loop.store.setPaused(false);
    const unfinished = loop.store.backfill;
    if (unfinished) {
      // Started paused over an unfinished backfill: it goes on, nothing is skipped.
      loop.log.info('resumed', { backfill: unfinished.from });
      startBackfillRun(loop, Math.floor(Date.parse(unfinished.from) / 1000), true);
      loop.events.emit('health');
      return actionResult(loop, 'resume', 'generation resumed; the unfinished backfill goes on', {
        baseline_actions: [],
        baseline_errors: [],
        verification_missing: missingBaseline(loop.store.paths),
        auto_reinit: loop.autoReinit,
      });
    }
    if (loop.store.epochs.length === 0) {
      baseline = await loop.scheduler.startDataset('resume');
      loop.autoReinit = {
        performed: true,
        at: loop.isoNow(),
        actions: baseline,
        missing_files: missing,
      };
    } else {
      // The intervals that started while paused are skipped on purpose.
      const nowS = Math.floor(loop.nowSeconds());
      const from = loop.store.frontierSeconds() ?? nowS;
      for (const range of rangesByEpoch(loop.store.epochs, from, nowS))
        loop.store.addSkipped(range.from, range.to, range.index);
      loop.store.setFrontier(nowS);
    }
    loop.log.info('resumed', { baseline_actions: baseline });
    loop.events.emit('health');
    loop.scheduler.schedule(baseline.length > 0 ? loop.scheduler.delayToNextClose() : 0);
    return actionResult(
      loop,
      'resume',
      baseline.length > 0
        ? 'generation resumed; the baseline was regenerated'
        : 'generation resumed',
      {
        baseline_actions: baseline,
        // Regeneration either succeeds or fails the request; kept for the earlier clients.
        baseline_errors: [],
        verification_missing: missingBaseline(loop.store.paths),
        auto_reinit: loop.autoReinit,
      },
    );
  });
}

export async function clean(loop: LiveLoop): Promise<CleanResult> {
  return loop.work.exclusive(async () => {
    if (!loop.paused) {
      throw new ServiceError(
        400,
        'pause_required',
        'clean deletes all generated data: pause first with POST /api/pause',
      );
    }
    if (loop.backfillProgress.running)
      throw new ServiceError(409, 'backfill_running', 'a backfill is running; cancel it first');
    const seed = datasetSeed({ override: loop.seedOverride, config: loop.config.seed });
    const { deleted, errors } = deleteGenerated(loop.store.paths);
    loop.store.resetState(seed, true);
    loop.batches.clear();
    loop.backfillProgress.clear();
    loop.log.info('cleaned the data dir', {
      deleted_count: deleted.length,
      errors: errors.length,
    });
    loop.events.emit('health');
    return {
      success: true,
      timestamp: loop.isoNow(),
      deleted_count: deleted.length,
      deleted_items: deleted.slice(0, 1000),
      errors,
    };
  });
}

/** Applies a config: at once for a new dataset, else as a new epoch at the next interval. */
export function switchConfig(
  loop: LiveLoop,
  config: GeneratorConfig,
  source: 'start' | 'api',
): ConfigChange {
  const seed = loop.datasetSeed(config);
  loop.config = config;
  const change = switchPreset(loop.store, config, seed, loop.nowSeconds(), loop.log, source);
  loop.events.emit('health');
  if (change.effective_at && source === 'api')
    loop.scheduler.schedule(loop.scheduler.delayToNextClose());
  return change;
}
