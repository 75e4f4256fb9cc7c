// Late arrivals (docs/data-folder.md, Late arrivals): a valid single-line event of the interval
// starting at s may be drawn late by L intervals (1..max_intervals). It is then not written in
// its own batch but in the first existing batch at or after s + L*step. Each draw comes from
// its own stream (production: per driver per source interval; emulated: per source batch), so
// the events themselves are the same draws with late arrivals on or off. The arrival batch
// finds its late rows by generating its source intervals again: any batch stays computable
// alone, in any order, on any worker.
import { batchIdOf } from './format.ts';
import { type Epoch, epochShape } from './plan.ts';
import { Stream, stream, type Xor128 } from './random.ts';
import { cumulativeWeights, weightedIndex } from './sampling.ts';

export interface LatePlan {
  probability: number;
  maxIntervals: number;
  cumulative: number[];
  /** max_intervals * driver step: the M of the boundary rule. */
  maxLatenessSeconds: number;
}

/** The plan of an epoch's late arrivals, or undefined when none are configured. */
export function latePlan(epoch: Epoch, shape = epochShape(epoch)): LatePlan | undefined {
  const config = epoch.config.late_arrivals;
  if (!config || !(config.probability > 0)) return undefined;
  return {
    probability: config.probability,
    maxIntervals: config.max_intervals,
    cumulative: cumulativeWeights(config.weights),
    maxLatenessSeconds: config.max_intervals * shape.driverSeconds,
  };
}

/**
 * The lateness window of the batch starting at `t`: its late rows are stamped in
 * [t - window, t), so the boundary rule's M for this batch (max_lateness_seconds in its
 * batch_meta.json). Its sources lie in [p - (max-1)*step, p] for the previous existing batch p:
 * max_intervals * step, or more right after a skipped stretch, whose rows this batch carries.
 */
export function latenessWindowSeconds(
  epoch: Epoch,
  t: number,
  plan: LatePlan,
  shape = epochShape(epoch),
): number {
  const p = previousBatch(epoch, t, shape);
  if (p === undefined) return plan.maxLatenessSeconds;
  return t - p + (plan.maxIntervals - 1) * shape.driverSeconds;
}

/** Lateness of one valid single-line event in intervals: 0 on time, else 1..max_intervals. */
export function drawLateness(rng: Xor128, plan: LatePlan): number {
  if (rng.nextFloat() >= plan.probability) return 0;
  return weightedIndex(rng, plan.cumulative) + 1;
}

/** Whether a driver batch of the epoch starts at `t` (on the grid, not skipped, within the epoch). */
export function batchExists(epoch: Epoch, t: number, shape = epochShape(epoch)): boolean {
  const step = shape.driverSeconds;
  if (t < shape.firstDriverStart || t % step !== 0) return false;
  if (t + step > (epoch.endSeconds ?? Number.POSITIVE_INFINITY)) return false;
  return !epoch.skipped.some(([from, to]) => t >= from && t < to);
}

/** The first existing driver batch at or after grid point `t`, or undefined (past the epoch). */
export function firstBatchFrom(
  epoch: Epoch,
  t: number,
  shape = epochShape(epoch),
): number | undefined {
  const step = shape.driverSeconds;
  let c = Math.max(Math.ceil(t / step) * step, shape.firstDriverStart);
  const end = epoch.endSeconds ?? Number.POSITIVE_INFINITY;
  for (;;) {
    if (c + step > end) return undefined;
    const range = epoch.skipped.find(([from, to]) => c >= from && c < to);
    if (!range) return c;
    c = Math.ceil(range[1] / step) * step;
  }
}

/** The last existing driver batch before `t`, or undefined (none in the epoch). */
export function previousBatch(
  epoch: Epoch,
  t: number,
  shape = epochShape(epoch),
): number | undefined {
  const step = shape.driverSeconds;
  let c = Math.ceil(t / step) * step - step;
  for (;;) {
    if (c < shape.firstDriverStart) return undefined;
    const range = epoch.skipped.find(([from, to]) => c >= from && c < to);
    if (!range) return c;
    c = Math.ceil(range[0] / step) * step - step;
  }
}

/**
 * Where an event of the batch starting at `source`, drawn late by `intervals`, is written:
 * the first existing batch at or after source + intervals*step (a skipped batch passes its
 * rows on). Undefined when that lies past the epoch's end: the row is in flight when the
 * epoch ends and never delivered.
 */
export function arrivalBatch(
  epoch: Epoch,
  source: number,
  intervals: number,
  shape = epochShape(epoch),
): number | undefined {
  return firstBatchFrom(epoch, source + intervals * shape.driverSeconds, shape);
}

/** A source interval of an arrival batch and the latenesses whose rows arrive there. */
export interface LateSource {
  start: number;
  minIntervals: number;
  maxIntervals: number;
}

/**
 * The source intervals whose late rows arrive in the batch starting at `t`, oldest first.
 * With p the previous existing batch, a row of source s late by L arrives at t iff
 * p < s + L*step <= t; so the sources lie in (p - max*step, p]: at most max_intervals.
 */
export function lateSources(
  epoch: Epoch,
  t: number,
  plan: LatePlan,
  shape = epochShape(epoch),
): LateSource[] {
  const step = shape.driverSeconds;
  const p = previousBatch(epoch, t, shape);
  if (p === undefined) return [];
  const out: LateSource[] = [];
  for (let s = p - (plan.maxIntervals - 1) * step; s <= p; s += step) {
    if (!batchExists(epoch, s, shape)) continue;
    const minIntervals = Math.max(1, Math.floor((p - s) / step) + 1);
    const maxIntervals = Math.min(plan.maxIntervals, Math.floor((t - s) / step));
    if (minIntervals <= maxIntervals) out.push({ start: s, minIntervals, maxIntervals });
  }
  return out;
}

/** A withheld row as written (with its newline), and its company's region (index in REGIONS). */
export interface LateRow {
  row: Uint8Array;
  region: number;
}

/** Rows of one source interval that arrive in a given batch. */
export interface LateCollector {
  source: LateSource;
  rows: LateRow[];
}

/**
 * The late draws of one batch generation: in its own interval it withholds late events; when
 * generating a source interval again for an arrival batch (`collect`), it also keeps the bytes
 * of the withheld rows that arrive there.
 */
export class LateDraws {
  withheld = 0;
  /** This batch's lateness window (latenessWindowSeconds): M of the boundary rule. */
  windowSeconds = 0;
  private rng: Xor128 | undefined;
  private key = 0;

  constructor(
    readonly plan: LatePlan,
    private readonly seed: number,
    private readonly start: number,
    private readonly streamId: typeof Stream.driverLate | typeof Stream.emulatedLate,
    private readonly collect?: LateCollector,
  ) {}

  static forBatch(
    epoch: Epoch,
    start: number,
    collect?: LateCollector,
    shape = epochShape(epoch),
  ): LateDraws | undefined {
    const plan = latePlan(epoch, shape);
    if (!plan) return undefined;
    const id = epoch.config.emulated_mode.enabled ? Stream.emulatedLate : Stream.driverLate;
    const draws = new LateDraws(plan, epoch.seed, start, id, collect);
    draws.windowSeconds = latenessWindowSeconds(epoch, start, plan, shape);
    return draws;
  }

  /** Production: the next events are this driver's (its stream starts at its first event). */
  driver(index: number): void {
    this.rng = undefined;
    this.key = index;
  }

  /** For the valid single-line event in buf[start, end): true when it is withheld (late). */
  withhold(buf: Uint8Array, start: number, end: number, region: number): boolean {
    this.rng ??= stream(this.seed, this.streamId, this.start, this.key);
    const intervals = drawLateness(this.rng, this.plan);
    if (intervals === 0) return false;
    this.withheld++;
    const c = this.collect;
    if (c && intervals >= c.source.minIntervals && intervals <= c.source.maxIntervals)
      c.rows.push({ row: buf.slice(start, end), region });
    return true;
  }
}

/**
 * The late rows arriving in the batch starting at `t`, oldest source first, each in its
 * source order. `again` generates a source interval once more (its own bytes are discarded)
 * with a collector that keeps the rows destined for `t`.
 */
export function* arrivingRows(
  epoch: Epoch,
  t: number,
  again: (source: number, collect: LateCollector) => Iterator<unknown>,
  shape = epochShape(epoch),
): Generator<LateRow & { source: number }, void, void> {
  const plan = latePlan(epoch, shape);
  if (!plan) return;
  for (const source of lateSources(epoch, t, plan, shape)) {
    const collect: LateCollector = { source, rows: [] };
    const chunks = again(source.start, collect);
    for (let done = false; !done; ) {
      done = chunks.next().done === true;
      // Handed on after each chunk of the source, so at most a chunk's worth is held.
      for (const row of collect.rows) yield { ...row, source: source.start };
      collect.rows.length = 0;
    }
  }
}

/** One `_late.jsonl` line (no newline) for a late row written as line `line` of batch `at`. */
export function lateLedgerLine(
  row: Uint8Array,
  line: number,
  source: number,
  at: number,
  step: number,
): string {
  // A valid row starts with {"event_id":" and its 36-character id.
  const eventId = String.fromCharCode(...row.subarray(13, 49));
  return JSON.stringify({
    line,
    event_id: eventId,
    true_batch_id: batchIdOf(source),
    intervals_late: Math.round((at - source) / step),
  });
}

/** The keys batch_meta.json gains with late arrivals, in their order. */
export interface LateMeta {
  late_count: number;
  withheld_count: number;
  max_lateness_seconds: number;
}
