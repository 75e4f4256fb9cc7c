// Which batches an epoch has and which companies each driver batch sees. Pure arithmetic on
// the epoch, so any batch can be produced alone, in any order, on any worker.
import { effectiveIntervals, type GeneratorConfig } from '../../shared/config.ts';

/** One stretch of a dataset generated with one config and seed (docs/data-folder.md, Reproducibility). */
export interface Epoch {
  config: GeneratorConfig;
  seed: number;
  /** Dataset (epoch) start, whole seconds since 1970. The initial fleet is onboarded just before it. */
  startSeconds: number;
  /** Companies onboarded by earlier epochs, so company ordinals stay unique in the dataset. */
  companyOffset: number;
  /** When a later epoch took over: no batch of this epoch ends after this (seconds). */
  endSeconds?: number | undefined;
  /** Sorted, disjoint [from, to) second ranges in which no batch starts (paused, or a gap). */
  skipped: ReadonlyArray<readonly [number, number]>;
}

export interface EpochShape {
  companySeconds: number;
  driverSeconds: number;
  initialFleet: number;
  companiesPerOnboarding: number;
  firstCompanyStart: number;
  firstDriverStart: number;
  drivers: number;
}

/** How long before the epoch start the initial fleet's `created_at` values lie. */
export const INITIAL_FLEET_WINDOW_SECONDS = 60;

export function alignUp(t: number, step: number): number {
  return Math.ceil(t / step) * step;
}

export function epochShape(epoch: Epoch): EpochShape {
  const { companySeconds, driverSeconds } = effectiveIntervals(epoch.config);
  const emulated = epoch.config.emulated_mode;
  return {
    companySeconds,
    driverSeconds,
    initialFleet: emulated.enabled
      ? emulated.companies_per_batch
      : epoch.config.number_of_companies,
    companiesPerOnboarding: emulated.enabled
      ? emulated.companies_per_batch
      : epoch.config.companies_per_onboarding,
    firstCompanyStart: alignUp(epoch.startSeconds, companySeconds),
    firstDriverStart: alignUp(epoch.startSeconds, driverSeconds),
    drivers: epoch.config.drivers_per_company,
  };
}

export function isSkipped(epoch: Epoch, t: number): boolean {
  for (const [from, to] of epoch.skipped) {
    if (t >= from && t < to) return true;
  }
  return false;
}

/** Number of grid points first + k*step (k >= 0) in [lo, hi). */
function gridPointsIn(first: number, step: number, lo: number, hi: number): number {
  const from = Math.max(lo, first);
  if (hi <= from) return 0;
  return Math.max(0, Math.ceil((hi - first) / step) - Math.ceil((from - first) / step));
}

/** Onboarding batches of the epoch that start in [lo, hi) and were not skipped. */
function onboardingBatchesIn(epoch: Epoch, shape: EpochShape, lo: number, hi: number): number {
  let count = gridPointsIn(shape.firstCompanyStart, shape.companySeconds, lo, hi);
  for (const [from, to] of epoch.skipped) {
    count -= gridPointsIn(
      shape.firstCompanyStart,
      shape.companySeconds,
      Math.max(lo, from),
      Math.min(hi, to),
    );
  }
  return count;
}

/**
 * Companies that take part in the driver batch starting at `startSeconds`: the initial fleet
 * and every onboarding batch that closed by then. A company's created_at is thus always
 * before the interval start, and its record is committed before any of its events.
 */
export function companiesEligible(
  epoch: Epoch,
  startSeconds: number,
  shape = epochShape(epoch),
): number {
  const closed = onboardingBatchesIn(
    epoch,
    shape,
    shape.firstCompanyStart,
    startSeconds - shape.companySeconds + 1,
  );
  return shape.initialFleet + shape.companiesPerOnboarding * closed;
}

/**
 * About how many lines the driver batch starting at `startSeconds` has: the emulated range's
 * midpoint, or eligible drivers times the Poisson rate. For sizing work, never for output.
 */
export function expectedDriverLines(epoch: Epoch, startSeconds: number): number {
  const emulated = epoch.config.emulated_mode;
  if (emulated.enabled) return (emulated.events_per_batch_min + emulated.events_per_batch_max) / 2;
  return (
    companiesEligible(epoch, startSeconds) *
    epoch.config.drivers_per_company *
    epoch.config.event_rate_per_driver
  );
}

/** Epoch-local ordinal of the first company onboarded by the batch starting at `startSeconds`. */
export function onboardingOrdinalBase(
  epoch: Epoch,
  startSeconds: number,
  shape = epochShape(epoch),
): number {
  return (
    shape.initialFleet +
    shape.companiesPerOnboarding *
      onboardingBatchesIn(epoch, shape, shape.firstCompanyStart, startSeconds)
  );
}

/** Starts of the epoch's batches (step-aligned, not skipped) in [from, to). */
export function batchStartsIn(
  epoch: Epoch,
  kind: 'company' | 'driver',
  from: number,
  to: number,
  shape = epochShape(epoch),
): number[] {
  const step = kind === 'company' ? shape.companySeconds : shape.driverSeconds;
  const first = kind === 'company' ? shape.firstCompanyStart : shape.firstDriverStart;
  const out: number[] = [];
  for (let t = alignUp(Math.max(from, first), step); t < to; t += step) {
    if (!isSkipped(epoch, t)) out.push(t);
  }
  return out;
}
