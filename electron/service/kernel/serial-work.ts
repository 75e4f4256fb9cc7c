// The service's store-touching work (ticks, pause, resume, clean, preset switch, backfill)
// runs one piece at a time, and the next tick waits on a timer that a new plan replaces.
export class SerialWork {
  private lock: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  /** Runs `work` after everything queued before it, whether that failed or not. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Queues `work` in `delayMs`, replacing a timer set before. */
  after(delayMs: number, work: () => Promise<void>): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.exclusive(work).catch(() => undefined);
    }, delayMs);
  }

  cancelTimer(): void {
    clearTimeout(this.timer);
  }

  /** Resolves once the work queued so far is done. */
  async drained(): Promise<void> {
    await this.lock;
  }
}
