// A class's dataset on this folder: joining one by its code (the same epochs, byte for byte)
// and the recipe of this folder's dataset to share with a class.
import { contentIdentity, type GeneratorConfig } from '../../../shared/config.ts';
import { classCodeFor, type JoinTarget, recipeText } from '../../../shared/recipe.ts';
import { isoSeconds } from '../../engine/format.ts';
import { companiesEligible, type Epoch } from '../../engine/plan.ts';
import { rangeSize, tooLarge } from '../dataset/range-limits.ts';
import { ServiceError } from '../kernel/errors.ts';
import { epochFromRecord } from '../store/state.ts';
import { startBackfillRun } from './backfill-control.ts';
import type { LiveLoop } from './live-loop.ts';

export interface JoinResult {
  class_code: string;
  message: string;
}

/**
 * An empty (or cleaned) folder starts the class's epoch at its start and catches up to now
 * at full speed, without the catch-up limit (as a backfill), then goes on live. A folder in
 * the class already goes on. After the instructor's preset switch, the new code continues
 * the folder's dataset if its data does not reach past the switch yet. Anything else is
 * another dataset: refused, so nothing is mixed.
 */
export function applyJoin(loop: LiveLoop, code: JoinTarget, config: GeneratorConfig): JoinResult {
  if (loop.backfillProgress.running)
    throw new ServiceError(409, 'backfill_running', 'a backfill is running; cancel it first');
  const record = loop.store.epochs[loop.store.epochs.length - 1];
  const last = record ? epochFromRecord(record) : undefined;
  const same = (e: Epoch) =>
    e.startSeconds === code.startSeconds &&
    e.seed === code.seed &&
    e.companyOffset === code.companyOffset &&
    contentIdentity(e.config) === contentIdentity(config);
  const nowS = Math.floor(loop.nowSeconds());
  const classCode = classCodeFor({ ...code, config });
  loop.config = config;
  if (last && same(last)) {
    loop.log.info('joined a class: this folder already makes its data', {
      class_code: classCode,
    });
    if (loop.paused) loop.store.setPaused(false);
    loop.scheduler.schedule(0);
    return { class_code: classCode, message: 'this folder is already in the class' };
  }
  const frontier = loop.store.frontierSeconds() ?? 0;
  const continues =
    last !== undefined &&
    last.startSeconds < code.startSeconds &&
    frontier <= code.startSeconds &&
    last.companyOffset + companiesEligible(last, code.startSeconds) === code.companyOffset;
  if (last && !continues) {
    throw new ServiceError(
      409,
      'different_dataset',
      frontier > code.startSeconds && last.startSeconds < code.startSeconds
        ? 'this folder already holds data past the start of that code (the class switched preset while this app went on): clean it, or use an empty --data-dir, then join again'
        : 'this data folder holds another dataset: clean it, or use an empty --data-dir, then join',
    );
  }
  // The catch-up is one backfill: bounded like any other.
  const from = Math.max(frontier, code.startSeconds);
  const refusal = tooLarge(rangeSize(config, code.seed, from, nowS), from, nowS);
  if (refusal)
    throw new ServiceError(400, 'range_too_large', `catching up with this class from ${refusal}`);
  loop.store.startEpoch(config, code.seed, code.startSeconds, {
    companyOffset: code.companyOffset,
    endPreviousAt: last ? code.startSeconds : undefined,
    backfill: true,
  });
  loop.log.info('joined a class', {
    class_code: classCode,
    preset: config.name,
    start: isoSeconds(code.startSeconds),
    catching_up_from: isoSeconds(Math.max(frontier, code.startSeconds)),
    now: isoSeconds(nowS),
  });
  loop.events.emit('health');
  startBackfillRun(loop, code.startSeconds);
  return {
    class_code: classCode,
    message: `joined: making ${config.name} from ${isoSeconds(code.startSeconds)}, caught up at full speed, then live`,
  };
}

/** The recipe of the active (or announced) epoch, to share with a class; null without one. */
export function recipe(loop: LiveLoop): { text: string; classCode: string } | null {
  const record = loop.store.epochs[loop.store.epochs.length - 1];
  if (!record) return null;
  const epoch = epochFromRecord(record);
  return { text: recipeText(epoch.config, epoch), classCode: classCodeFor(epoch) };
}
