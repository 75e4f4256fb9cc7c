// How much work a range is, before any of it is planned: a backfill or a `generate` over a
// range too large for a workstation is refused with what it would have made, instead of
// planning hundreds of millions of batches until the process dies (docs/presets.md, Generating data).
import { effectiveIntervals, type GeneratorConfig } from '../../../shared/config.ts';
import { isoSeconds } from '../../engine/format.ts';
import { alignUp, expectedDriverLines } from '../../engine/plan.ts';

/** The documented limits of one backfill or `generate` run. */
export const RANGE_LIMITS = { driverBatches: 200_000, events: 1_000_000_000 } as const;

export interface RangeSize {
  driverBatches: number;
  /** About: the batch size at the range's end, times the batches (an upper estimate). */
  events: number;
}

/** Driver batches that start in [fromS, toS), and about how many events they hold. */
export function rangeSize(
  config: GeneratorConfig,
  seed: number,
  fromS: number,
  toS: number,
): RangeSize {
  const { driverSeconds } = effectiveIntervals(config);
  const first = alignUp(fromS, driverSeconds);
  const driverBatches = toS > first ? Math.ceil((toS - first) / driverSeconds) : 0;
  const epoch = { config, seed, startSeconds: fromS, companyOffset: 0, skipped: [] };
  const perBatch = expectedDriverLines(epoch, Math.max(fromS, toS - driverSeconds));
  return { driverBatches, events: Math.round(driverBatches * perBatch) };
}

/** Why the range is too large, or undefined when it is within the limits. */
export function tooLarge(size: RangeSize, fromS: number, toS: number): string | undefined {
  if (size.driverBatches <= RANGE_LIMITS.driverBatches && size.events <= RANGE_LIMITS.events)
    return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${isoSeconds(fromS)} to ${isoSeconds(toS)} would make ${n(size.driverBatches)} driver batches and about ${n(size.events)} events; ` +
    `one run makes at most ${n(RANGE_LIMITS.driverBatches)} batches and ${n(RANGE_LIMITS.events)} events: choose a shorter range`
  );
}
