// A clock that moves only when told to, for tests of the scheduler (downtime, pauses, catch-up).
import type { Clock } from './clock.ts';

export class ManualClock implements Clock {
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  /** The scheduler re-checks every few real milliseconds, so advancing takes effect at once. */
  delayUntil(targetMs: number): number {
    return targetMs <= this.ms ? 0 : 10;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
