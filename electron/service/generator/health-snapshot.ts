// The snapshot of the running generator that GET /api/health and the SSE `health` event
// show: gathered here from the live loop and the data folder, shaped in health-view.ts.
import { existsSync } from 'node:fs';
import type { Health } from '../../../shared/api.ts';
import { classCodeFor } from '../../../shared/recipe.ts';
import { missingBaseline } from '../dataset/baseline.ts';
import { declaredSeed } from '../dataset/seed-policy.ts';
import { epochFromRecord } from '../store/state.ts';
import { canBackfill } from './backfill-control.ts';
import { healthView } from './health-view.ts';
import type { LiveLoop } from './live-loop.ts';

function pendingSwitchWithCode(loop: LiveLoop): Health['pending_preset'] {
  const pending = loop.pendingSwitch();
  const last = loop.store.epochs[loop.store.epochs.length - 1];
  if (!pending || !last) return pending;
  return { ...pending, class_code: classCodeFor(epochFromRecord(last)) };
}

export function healthSnapshot(loop: LiveLoop): Health {
  const state = loop.store.state;
  const config = loop.activeConfig;
  const p = loop.store.paths;
  const hasDataset = (state?.epochs.length ?? 0) > 0;
  const active = loop.activeEpoch()?.epoch;
  return healthView({
    nowMs: loop.clock.now(),
    startTime: loop.startTime,
    state,
    config,
    status: loop.status(),
    paused: loop.paused,
    stopping: loop.stopping,
    seed: hasDataset
      ? (active?.seed ?? state?.seed ?? null)
      : (declaredSeed({ override: loop.seedOverride, config: config.seed }) ?? null),
    verification: {
      companiesExists: existsSync(p.companies),
      eventsExists: existsSync(p.events),
      missing: hasDataset ? missingBaseline(p) : [],
    },
    paths: { root: p.root, state: p.state },
    autoReinit: loop.autoReinit,
    pendingPreset: pendingSwitchWithCode(loop),
    classCode: active ? classCodeFor(active) : null,
    backfill: loop.backfillProgress.state,
    canBackfill: canBackfill(loop),
    lastError: loop.scheduler.lastError,
    allowedOrigins: loop.allowedOrigins,
  });
}
