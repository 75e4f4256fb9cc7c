// Start-up on a data folder the caller holds the lock of: the log window, the store (repaired
// as it opens), the recent batches, then what the folder and the options ask for: start
// paused, a preset switch, joining a class, resuming an unfinished backfill, or the first
// tick (which catches up on the intervals missed while the app was closed).

import { systemClock } from '../kernel/clock.ts';
import { LogStore } from '../logs/log-store.ts';
import { createLogger, type LogEntry } from '../logs/logger.ts';
import { dataPaths } from '../store/paths.ts';
import { DataStore } from '../store/store.ts';
import { switchConfig } from './actions.ts';
import { startBackfillRun } from './backfill-control.ts';
import { applyJoin } from './class-dataset.ts';
import { LiveLoop, type ServiceOptions } from './live-loop.ts';

export function openLiveLoop(options: ServiceOptions): LiveLoop {
  const paths = dataPaths(options.dataDir);
  const logs = new LogStore(paths.logs);
  logs.load();
  let loop: LiveLoop | undefined;
  const clock = options.clock ?? systemClock;
  // Into the log window always, even before the loop exists (store repair at open).
  const toWindow = (entry: LogEntry) => {
    const api = logs.add(entry);
    loop?.events.emit('log', api);
  };
  const log = createLogger({
    dir: paths.logs,
    component: 'service',
    clock: () => new Date(clock.now()),
    listeners: [toWindow],
  });
  const store = DataStore.open(options.dataDir, {
    log: log.child('store'),
    durable: options.durable ?? true,
    clock: () => new Date(clock.now()),
  });
  loop = new LiveLoop(options, store, logs, log);
  loop.batches.load();
  const state = store.state;
  // --paused does not stop an unfinished backfill: its range is only partly there.
  if (options.startPaused && !state?.paused && !store.backfill) {
    store.ensureState(loop.datasetSeed());
    store.setPaused(true);
  }
  if (options.config && state && state.epochs.length > 0 && !store.backfill)
    switchConfig(loop, options.config, 'start');
  log.info('service started', {
    data_dir: options.dataDir,
    preset: loop.config.name,
    paused: loop.paused,
    run_id: loop.runId,
  });
  if (options.join) {
    // Before any tick: the class's dataset, not a new one of our own.
    applyJoin(loop, options.join.code, options.join.config);
    return loop;
  }
  const backfill = store.backfill;
  if (backfill && !loop.paused) {
    log.warn('resuming a backfill that an earlier run did not finish', { from: backfill.from });
    startBackfillRun(loop, Math.floor(Date.parse(backfill.from) / 1000), true);
  } else loop.scheduler.schedule(0);
  return loop;
}
