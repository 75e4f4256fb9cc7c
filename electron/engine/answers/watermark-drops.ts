// How many valid rows a streaming windowed aggregation would drop for a watermark delay. The
// model (docs/teaching.md): one micro-batch per generator batch, in batch order;
// `window(timestamp, step)` with `withWatermark("timestamp", delay)`. The watermark a batch
// meets is the max timestamp of the valid rows of the batches before it, minus the delay (none
// before any row); a row is dropped iff its window's end <= that watermark (Spark 3.5 for a
// windowed aggregation). Within one batch every row of one window meets the same watermark, so
// a batch adds at most one "slack" per window: how far the watermark (at delay 0) is past the
// window's end. A row is dropped for every delay <= its slack, so the counts of slacks answer
// any delay exactly.

export interface WatermarkDropRow {
  delay_seconds: number;
  rows_dropped: number;
}

export class WatermarkDrops {
  /** Max timestamp (ms) of the rows of the batches before the current one. */
  private before = Number.NEGATIVE_INFINITY;
  /** Max timestamp of the current batch's rows. */
  private current = Number.NEGATIVE_INFINITY;
  /** Rows by slack (ms): dropped for every delay up to it. Only slacks >= 0 are kept. */
  private readonly slacks = new Map<number, number>();

  /** The next micro-batch begins: the rows so far move the watermark. */
  nextBatch(): void {
    if (this.current > this.before) this.before = this.current;
    this.current = Number.NEGATIVE_INFINITY;
  }

  /** A valid row of the current batch, its timestamp in ms, windows of `stepS` seconds. */
  add(ms: number, stepS: number): void {
    const stepMs = stepS * 1000;
    const windowEnd = (Math.floor(ms / stepMs) + 1) * stepMs;
    const slack = this.before - windowEnd;
    if (slack >= 0) this.slacks.set(slack, (this.slacks.get(slack) ?? 0) + 1);
    if (ms > this.current) this.current = ms;
  }

  /** Rows dropped with a watermark of `delaySeconds` (any delay >= 0, not only whole intervals). */
  dropped(delaySeconds: number): number {
    const delayMs = delaySeconds * 1000;
    let n = 0;
    for (const [slack, rows] of this.slacks) if (slack >= delayMs) n += rows;
    return n;
  }

  rows(delaysSeconds: readonly number[]): WatermarkDropRow[] {
    return delaysSeconds.map((d) => ({ delay_seconds: d, rows_dropped: this.dropped(d) }));
  }
}

/** The delays the key lists: 0, one interval, ... up to `maxIntervals + 1` intervals. */
export function watermarkDelays(stepS: number, maxIntervals: number): number[] {
  return Array.from({ length: maxIntervals + 2 }, (_, k) => k * stepS);
}
