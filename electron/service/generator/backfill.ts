// A backfill's progress and cancellation: the status the API and the SSE `backfill` event
// show, throttled progress events, and the abort signal the producer watches.
import type { BackfillStatus } from '../../../shared/api.ts';
import { isoSeconds } from '../../engine/format.ts';
import type { Clock } from '../kernel/clock.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';

const PROGRESS_EVERY_MS = 200;

export class BackfillProgress {
  private status: BackfillStatus | null = null;
  private abort: AbortController | undefined;
  private lastEmit = 0;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly emit: (status: BackfillStatus) => void,
  ) {}

  get running(): boolean {
    return this.status?.running === true;
  }

  /** A copy of the last backfill's status, if there was one. */
  get state(): BackfillStatus | null {
    return this.status ? { ...this.status } : null;
  }

  /** Starts tracking a backfill from `fromS`; the producer watches the returned signal. */
  begin(
    fromS: number,
    preset: string,
    resumed = false,
  ): { status: BackfillStatus; signal: AbortSignal } {
    this.status = {
      running: true,
      from: isoSeconds(fromS),
      done: 0,
      total: 0,
      events: 0,
      started_at: this.now(),
      finished_at: null,
      cancelled: false,
      error: null,
    };
    this.abort = new AbortController();
    this.lastEmit = 0;
    this.log.info(resumed ? 'backfill resumed' : 'backfill started', {
      from: this.status.from,
      preset,
    });
    return { status: { ...this.status }, signal: this.abort.signal };
  }

  progress(done: number, total: number, events: number): void {
    if (!this.status) return;
    Object.assign(this.status, { done, total, events });
    if (performance.now() - this.lastEmit > PROGRESS_EVERY_MS || done === total) {
      this.lastEmit = performance.now();
      this.emit({ ...this.status });
    }
  }

  /** Runs the production with progress reporting; a failure comes back as its message. */
  async run(
    produce: (onProgress: (done: number, total: number, events: number) => void) => Promise<void>,
  ): Promise<{ error: string | null }> {
    try {
      await produce((done, total, events) => this.progress(done, total, events));
      return { error: null };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  /** Records the end (with the error, if it failed); says whether it was cancelled. */
  finish(error: string | null): { cancelled: boolean } {
    const status = this.status;
    if (!status) return { cancelled: false };
    status.error = error;
    status.running = false;
    status.cancelled = this.abort?.signal.aborted ?? false;
    status.finished_at = this.now();
    if (status.cancelled) {
      this.log.warn('backfill cancelled; generation paused', {
        done: status.done,
        total: status.total,
      });
    } else {
      this.log.info('backfill finished', { batches: status.done, events: status.events });
    }
    this.emit({ ...status });
    return { cancelled: status.cancelled };
  }

  cancel(): BackfillStatus {
    if (!this.status?.running) throw new ServiceError(409, 'no_backfill', 'no backfill is running');
    this.abort?.abort();
    return { ...this.status };
  }

  /** Pause and stop end a running backfill (it can be started again on a clean dataset). */
  abortIfRunning(): void {
    if (this.running) this.abort?.abort();
  }

  clear(): void {
    this.status = null;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
