// The continuous generator: every batch when its interval closes, start-up catch-up,
// pause / resume / clean with auto-reinit, preset switches as new epochs, and backfill. This
// class is the facade http/, host.ts and the CLI use; the parts it is made of are in
// live-loop.ts, start-up in open.ts, the actions in actions.ts, backfill in
// backfill-control.ts, joining a class in class-dataset.ts, health in health-snapshot.ts.
// No `electron` import: the same class runs under `npm run serve` and in the desktop app.
import type { EventEmitter } from 'node:events';
import type { ActionResult, BackfillStatus, CleanResult, Health } from '../../../shared/api.ts';
import type { GeneratorConfig } from '../../../shared/config.ts';
import { classCodeFor, type JoinTarget } from '../../../shared/recipe.ts';
import type { Epoch } from '../../engine/plan.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { Logger } from '../logs/logger.ts';
import { DataFolderLock } from '../platform/data-folder-lock.ts';
import type { StoredBatchMeta } from '../store/store.ts';
import { clean, pause, resume, switchConfig } from './actions.ts';
import { backfill } from './backfill-control.ts';
import { applyJoin, type JoinResult, recipe } from './class-dataset.ts';
import { healthSnapshot } from './health-snapshot.ts';
import type { LiveLoop, ServiceEvents, ServiceOptions } from './live-loop.ts';
import { openLiveLoop } from './open.ts';
import type { ConfigChange } from './preset-switch.ts';

export type { JoinResult } from './class-dataset.ts';
export type { ServiceOptions } from './live-loop.ts';

export class GeneratorService {
  readonly events: EventEmitter<ServiceEvents>;
  readonly logs: LogStore;
  readonly log: Logger;
  readonly startTime: Date;
  readonly runId: string;

  private constructor(
    private readonly loop: LiveLoop,
    private readonly folderLock: DataFolderLock,
  ) {
    this.events = loop.events;
    this.logs = loop.logs;
    this.log = loop.log;
    this.startTime = loop.startTime;
    this.runId = loop.runId;
  }

  /** Takes the data dir (one writer per folder), opens it (repairing it), starts the work. */
  static start(options: ServiceOptions): GeneratorService {
    // Refused here, before anything in the folder is written; held until stop().
    const lock = DataFolderLock.acquire(options.dataDir, options.writer ?? { command: 'serve' });
    try {
      return new GeneratorService(openLiveLoop(options), lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  get paused(): boolean {
    return this.loop.paused;
  }

  get dataDir(): string {
    return this.loop.store.paths.root;
  }

  /** The config that runs now (the active epoch's), or the one a new dataset would use. */
  get activeConfig(): GeneratorConfig {
    return this.loop.activeConfig;
  }

  /** A preset switch announced for the next interval, if any. */
  get pendingSwitch(): { preset: string; at: string } | null {
    return this.loop.pendingSwitch();
  }

  recentBatches(limit: number): StoredBatchMeta[] {
    return this.loop.batches.list(limit);
  }

  batchDetail(batchId: string, lines: number) {
    return this.loop.batches.detail(batchId, lines);
  }

  pause(): Promise<ActionResult> {
    return pause(this.loop);
  }

  resume(): Promise<ActionResult> {
    return resume(this.loop);
  }

  clean(): Promise<CleanResult> {
    return clean(this.loop);
  }

  /** Applies a config: at once for a new dataset, else as a new epoch at the next interval. */
  async setConfig(config: GeneratorConfig): Promise<ConfigChange> {
    return this.loop.work.exclusive(async () => switchConfig(this.loop, config, 'api'));
  }

  /** On a clean, paused dataset: starts it at `fromMs` and produces everything up to now. */
  backfill(fromMs: number): Promise<BackfillStatus> {
    return backfill(this.loop, fromMs);
  }

  cancelBackfill(): BackfillStatus {
    return this.loop.backfillProgress.cancel();
  }

  /** Joins a class: this folder makes the dataset epoch the code names, byte for byte. */
  async join(code: JoinTarget, config: GeneratorConfig): Promise<JoinResult> {
    return this.loop.work.exclusive(async () => applyJoin(this.loop, code, config));
  }

  /** Joins a class at once, outside the serial work (see class-dataset.ts). */
  applyJoin(code: JoinTarget, config: GeneratorConfig): JoinResult {
    return applyJoin(this.loop, code, config);
  }

  /** The recipe of the active (or announced) epoch, to share with a class; null without one. */
  recipe(): { text: string; classCode: string } | null {
    return recipe(this.loop);
  }

  /** The class code of an epoch (the active one by default), or null for a custom config. */
  classCode(epoch: Epoch | undefined): string | null {
    return epoch ? classCodeFor(epoch) : null;
  }

  get backfillState(): BackfillStatus | null {
    return this.loop.backfillProgress.state;
  }

  /** Stops the scheduler after the batch in flight; never leaves half a batch. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (loop.stopping) return;
    loop.stopping = true;
    loop.work.cancelTimer();
    loop.backfillProgress.abortIfRunning();
    loop.events.emit('health');
    await loop.work.drained();
    await loop.pool.close();
    loop.log.info('service stopped', {});
    this.folderLock.release();
  }

  status(): Health['status'] {
    return this.loop.status();
  }

  health(): Health {
    return healthSnapshot(this.loop);
  }
}
