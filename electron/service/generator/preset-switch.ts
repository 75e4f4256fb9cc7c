// A preset switch on a running dataset: a new epoch at the next driver interval, its company
// ordinals going on from the previous epoch's. Nothing changes when the same config and
// seed already run; without a dataset the preset simply waits for the dataset's start.
import type { ConfigResult } from '../../../shared/api.ts';
import { contentIdentity, type GeneratorConfig } from '../../../shared/config.ts';
import { isoSeconds } from '../../engine/format.ts';
import { companiesEligible, epochShape } from '../../engine/plan.ts';
import { activeEpoch, intervalStart, pendingSwitch } from '../dataset/timeline.ts';
import type { Logger } from '../logs/logger.ts';
import type { DataStore } from '../store/store.ts';

export type ConfigChange = Omit<ConfigResult, 'preset' | 'success'>;

export function switchPreset(
  store: DataStore,
  config: GeneratorConfig,
  seed: number,
  nowS: number,
  log: Logger,
  source: 'start' | 'api',
): ConfigChange {
  const hadDataset = activeEpoch(store.epochs, nowS) !== undefined;
  // A switch announced before and not started yet is replaced by this one.
  if (pendingSwitch(store.epochs, nowS)) store.dropPendingEpoch();
  const current = activeEpoch(store.epochs, nowS);
  if (!hadDataset || !current) {
    log.info('preset selected for the next dataset', { preset: config.name, source });
    const message = `preset ${config.name} will be used when the dataset starts`;
    return { changed: true, effective_at: null, message };
  }
  if (
    contentIdentity(current.epoch.config) === contentIdentity(config) &&
    current.epoch.seed === seed
  ) {
    return {
      changed: false,
      effective_at: null,
      message: `preset ${config.name} is already running`,
    };
  }
  const d = epochShape(current.epoch).driverSeconds;
  const at = intervalStart(nowS, d) + d;
  const offset = current.epoch.companyOffset + companiesEligible(current.epoch, at);
  store.startEpoch(config, seed, at, { companyOffset: offset, endPreviousAt: at });
  log.info('preset switch scheduled for the next interval', {
    from: current.epoch.config.name,
    to: config.name,
    seed,
    at: isoSeconds(at),
    source,
  });
  return {
    changed: true,
    effective_at: isoSeconds(at),
    message: `preset ${config.name} takes effect at ${isoSeconds(at)}`,
  };
}
