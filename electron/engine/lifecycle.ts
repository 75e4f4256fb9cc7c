// The company lifecycle (issue 19): companies deactivate and may reactivate. Each company's
// changes come from its own stream, as alternating spells on the company grid: active for a
// geometric number of whole company intervals (P(deactivate) = deactivation_rate per interval),
// then a uniform instant in the next interval; inactive likewise with reactivation_rate.
// Changes are announced ahead: the changes of company interval k are appended by the company
// batch of interval k - 1 (the initial fleet's batch for the first interval), which is committed
// when interval k starts, before any driver batch of it. A company's first change can fall in
// the first company interval after its onboarding batch, which thus announces it. An interval
// whose announcing batch was skipped (a pause, the catch-up limit) has no changes at all: the
// spells count only announced intervals (frozenIntervals).
// Everything is a pure function of (seed, ordinal, config, epoch grid), drawn lazily and
// memoized, so a worker computes any batch alone, in any order.
import type { LifecycleConfig } from '../../shared/world-config.ts';
import type { Epoch, EpochShape } from './plan.ts';
import { Stream, stream, type Xor128 } from './random.ts';

/** Gaps beyond this many intervals count as never (no float trouble far in the future). */
const MAX_GAP = 1e9;

/** Whole intervals before the first success of a Bernoulli(p) per interval: Infinity when p is 0. */
export function geometricGap(rng: Xor128, p: number): number {
  if (!(p > 0)) return Number.POSITIVE_INFINITY;
  if (p >= 1) return 0;
  const gap = Math.floor(Math.log(rng.nextDouble()) / Math.log1p(-p));
  return gap > MAX_GAP ? Number.POSITIVE_INFINITY : gap;
}

/** Grid points first + k*step (k >= 0) in [first, t]. */
function gridPointsUpTo(first: number, step: number, lo: number, hi: number): number {
  const from = Math.max(lo, first);
  if (hi < from) return 0;
  return Math.floor((hi - first) / step) - Math.ceil((from - first) / step) + 1;
}

/** Skipped company-grid points in [first, t]. */
function skippedUpTo(epoch: Epoch, shape: EpochShape, t: number): number {
  let n = 0;
  for (const [from, to] of epoch.skipped) {
    if (from > t) break;
    // [from, to) ∩ [first, t]: grid points from `from` up to min(to - 1, t) (whole seconds).
    n += Math.max(
      0,
      gridPointsUpTo(shape.firstCompanyStart, shape.companySeconds, from, Math.min(to - 1, t)),
    );
  }
  return n;
}

/**
 * Start of the onboarding batch that created the epoch-local company `local`, or null for the
 * initial fleet: the k-th company batch that was not skipped (the inverse of
 * plan.ts's onboardingOrdinalBase).
 */
export function onboardingStartOf(epoch: Epoch, shape: EpochShape, local: number): number | null {
  if (local < shape.initialFleet) return null;
  const k = Math.floor((local - shape.initialFleet) / shape.companiesPerOnboarding);
  const first = shape.firstCompanyStart;
  const step = shape.companySeconds;
  let t = first + k * step;
  for (;;) {
    const next = first + (k + skippedUpTo(epoch, shape, t)) * step;
    if (next === t) return t;
    t = next;
  }
}

/**
 * The company intervals (grid indexes, [from, to) pairs, ascending) whose announcing batch (the
 * company batch of the interval before) was skipped: no company changes in them. Interval 0 is
 * announced by the initial fleet's batch, which always exists.
 */
export function frozenIntervals(epoch: Epoch, shape: EpochShape): Array<[number, number]> {
  const first = shape.firstCompanyStart;
  const step = shape.companySeconds;
  const out: Array<[number, number]> = [];
  for (const [from, to] of epoch.skipped) {
    // Skipped grid indexes [a, b): their batches do not exist, so a + 1 .. b are not announced.
    const a = Math.max(0, Math.ceil((from - first) / step));
    const b = Math.ceil((to - first) / step);
    if (b <= a) continue;
    const last = out.at(-1);
    if (last && last[1] >= a + 1) last[1] = Math.max(last[1], b + 1);
    else out.push([a + 1, b + 1]);
  }
  return out;
}

/** The `gap`-th interval at or after `from` that is not frozen (counting from 0). */
export function announcedInterval(
  frozen: ReadonlyArray<readonly [number, number]>,
  from: number,
  gap: number,
): number {
  let at = from;
  let left = gap;
  for (const [a, b] of frozen) {
    if (b <= at) continue;
    if (a <= at) {
      at = b;
      continue;
    }
    if (at + left < a) return at + left;
    left -= a - at;
    at = b;
  }
  return at + left;
}

/**
 * [from, to) seconds of the change instants the company batch starting at `startSeconds`
 * announces (the next company interval), or those of the initial fleet's batch (null).
 */
export function announcedWindow(shape: EpochShape, startSeconds: number | null): [number, number] {
  const from =
    startSeconds === null ? shape.firstCompanyStart : startSeconds + shape.companySeconds;
  return [from, from + shape.companySeconds];
}

/** A company's changes: instants in ms, ascending; even indexes deactivate, odd reactivate. */
export class CompanySpells {
  readonly changes: number[] = [];
  private rng: Xor128 | undefined;
  /** The company interval (grid index) from which the next gap counts. */
  private from: number;

  constructor(
    seed: number,
    ordinal: number,
    firstInterval: number,
    private readonly rates: LifecycleConfig,
    private readonly gridStartMs: number,
    private readonly stepMs: number,
    private readonly frozen: ReadonlyArray<readonly [number, number]> = [],
  ) {
    this.rng = stream(seed, Stream.companyLifecycle, 0, ordinal);
    this.from = firstInterval;
  }

  /** Draws changes until one at or after `untilMs` is known (or there are no more). */
  extend(untilMs: number): void {
    const changes = this.changes;
    while (this.rng && (changes.length === 0 || (changes.at(-1) as number) < untilMs)) {
      const rate =
        changes.length % 2 === 0 ? this.rates.deactivation_rate : this.rates.reactivation_rate;
      const gap = geometricGap(this.rng, rate);
      if (!Number.isFinite(gap)) {
        this.rng = undefined;
        return;
      }
      const interval = announcedInterval(this.frozen, this.from, gap);
      changes.push(this.gridStartMs + interval * this.stepMs + this.rng.below(this.stepMs));
      this.from = interval + 1;
    }
  }

  /** Number of changes before `ms` (so the company is inactive at `ms` when it is odd). */
  countBefore(ms: number): number {
    this.extend(ms);
    const c = this.changes;
    let lo = 0;
    let hi = c.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The inactive parts of [fromMs, toMs) as flat [start, end) pairs, or null when the company
   * is active throughout.
   */
  inactiveSpans(fromMs: number, toMs: number): number[] | null {
    let i = this.countBefore(fromMs);
    this.extend(toMs);
    const c = this.changes;
    const spans: number[] = [];
    let start = i % 2 === 1 ? fromMs : -1;
    for (; i < c.length && (c[i] as number) < toMs; i++) {
      const ms = c[i] as number;
      if (i % 2 === 0) start = ms;
      else {
        if (start >= 0 && ms > start) spans.push(start, ms);
        start = -1;
      }
    }
    if (start >= 0 && toMs > start) spans.push(start, toMs);
    return spans.length > 0 ? spans : null;
  }

  /** Changes with an instant in [fromMs, toMs), as [ms, index] (index even: deactivated). */
  changesIn(fromMs: number, toMs: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const first = this.countBefore(fromMs);
    this.extend(toMs);
    const c = this.changes;
    for (let i = first; i < c.length; i++) {
      const ms = c[i] as number;
      if (ms >= toMs) break;
      out.push([ms, i]);
    }
    return out;
  }
}

/** Whether `ms` lies in one of the flat [start, end) pairs. */
export function inSpans(spans: readonly number[], ms: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    if (ms >= (spans[i] as number) && ms < (spans[i + 1] as number)) return true;
  }
  return false;
}

/** Total length of the flat [start, end) pairs. */
export function spansLength(spans: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < spans.length; i += 2) n += (spans[i + 1] as number) - (spans[i] as number);
  return n;
}

/** The instant `offset` ms into the spans (0 <= offset < spansLength). */
export function spanInstant(spans: readonly number[], offset: number): number {
  let left = offset;
  for (let i = 0; i < spans.length; i += 2) {
    const length = (spans[i + 1] as number) - (spans[i] as number);
    if (left < length) return (spans[i] as number) + left;
    left -= length;
  }
  throw new RangeError('offset beyond the spans');
}

/** The lifecycle of an epoch's companies: spells per company, drawn once. Pure values only. */
export class EpochLifecycle {
  private readonly spells = new Map<number, CompanySpells>();
  private readonly frozen: Array<[number, number]>;

  constructor(
    private readonly epoch: Epoch,
    private readonly shape: EpochShape,
    private readonly rates: LifecycleConfig,
  ) {
    this.frozen = frozenIntervals(epoch, shape);
  }

  /** The spells of the company with epoch-local ordinal `local`. */
  of(local: number): CompanySpells {
    let s = this.spells.get(local);
    if (!s) {
      const { epoch, shape } = this;
      const onboarded = onboardingStartOf(epoch, shape, local);
      const first =
        onboarded === null ? 0 : (onboarded - shape.firstCompanyStart) / shape.companySeconds + 1;
      s = new CompanySpells(
        epoch.seed,
        epoch.companyOffset + local,
        first,
        this.rates,
        shape.firstCompanyStart * 1000,
        shape.companySeconds * 1000,
        this.frozen,
      );
      this.spells.set(local, s);
    }
    return s;
  }

  get size(): number {
    return this.spells.size;
  }
}
