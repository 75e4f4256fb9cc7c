// Checks a Docker or attached cluster every few seconds while one is expected to run, and hands
// each answer on unless what it asked about was overtaken meanwhile (a stop, a new start).
import type { ClusterBackend, ClusterCheck } from './backend.ts';

/** What the controller holds now. */
export interface Watched {
  backend: ClusterBackend | undefined;
  /** Changes with every start and stop: a check from an earlier one is ignored. */
  attempt: number;
  /** A start in flight or a stop: those decide for themselves. */
  busy: boolean;
}

export class ClusterWatcher {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly watched: () => Watched,
    private readonly apply: (found: ClusterCheck) => void,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check now (the timer runs the same). */
  async check(): Promise<void> {
    const before = this.watched();
    const backend = before.backend;
    if (this.checking || !backend?.check || before.busy) return;
    this.checking = true;
    let found: ClusterCheck;
    try {
      found = await backend.check();
    } finally {
      this.checking = false;
    }
    const after = this.watched();
    if (after.attempt !== before.attempt || after.backend !== backend || after.busy) return;
    this.apply(found);
  }
}
