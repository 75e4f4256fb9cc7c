// Regions (issue 19): a company's region comes from its own stream, so any batch knows any
// company's region alone; the daily profile scales a driver's Poisson rate by the local hour of
// the interval start in its company's time zone. Events keep their UTC timestamps; the UTC
// grid of batches is untouched, so a daylight-saving change neither skips nor doubles one.
import { REGIONS, type Region, type RegionsConfig } from '../../shared/world-config.ts';
import { Stream, stream } from './random.ts';
import {
  cumulativeWeights,
  type PoissonSampler,
  poissonSampler,
  weightedIndex,
} from './sampling.ts';

/** Cumulative region weights in REGIONS order, for regionIndexOf. */
export function regionCumulative(regions: RegionsConfig): number[] {
  return cumulativeWeights(REGIONS.map((r) => regions.weights[r]));
}

/** Index in REGIONS of the company's region: the first draw of its own stream (global ordinal). */
export function regionIndexOf(
  seed: number,
  ordinal: number,
  cumulative: readonly number[],
): number {
  return weightedIndex(stream(seed, Stream.companyRegion, 0, ordinal), cumulative);
}

export function regionOf(seed: number, ordinal: number, regions: RegionsConfig): Region {
  return REGIONS[regionIndexOf(seed, ordinal, regionCumulative(regions))] as Region;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The local hour (0..23) at instant `ms` in `zone` (an IANA name). Slow: cache the result. */
export function localHour(zone: string, ms: number): number {
  let format = hourFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hour: 'numeric',
      hourCycle: 'h23',
    });
    hourFormats.set(zone, format);
  }
  const hour = format.formatToParts(ms).find((p) => p.type === 'hour')?.value;
  return Number(hour) % 24;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) at instant `ms` in `zone`, e.g. for regional gold per local day. */
export function localDate(zone: string, ms: number): string {
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(zone, format);
  }
  const parts = format.formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The daily profile's factor per region (REGIONS order) for an interval starting at `startMs`:
 * profile[local hour of the start in the region's zone]. One zone lookup per distinct zone.
 */
export function profileFactors(regions: RegionsConfig, startMs: number): number[] {
  const profile = regions.daily_profile;
  if (!profile) return REGIONS.map(() => 1);
  const byZone = new Map<string, number>();
  return REGIONS.map((r) => {
    const zone = regions.time_zones[r];
    let factor = byZone.get(zone);
    if (factor === undefined) {
      factor = profile[localHour(zone, startMs)] ?? 0;
      byZone.set(zone, factor);
    }
    return factor;
  });
}

const samplers = new Map<number, PoissonSampler>();

/** A Poisson sampler per distinct rate (kept: a profile has at most 24 rates). */
export function samplerFor(rate: number): PoissonSampler {
  let sampler = samplers.get(rate);
  if (!sampler) {
    if (samplers.size > 4096) samplers.clear();
    sampler = poissonSampler(rate);
    samplers.set(rate, sampler);
  }
  return sampler;
}

/**
 * The Poisson samplers of a batch's regions under a daily profile. Below a mean of 10 they are
 * one function that reads the current region's limit (Knuth's method, drawing exactly as
 * poissonSampler does), so the hot loop calls one function whatever the region, as it does
 * without a profile; larger means get their own sampler.
 */
export class RegionSamplers {
  private limit = 1;
  private readonly limits: number[];
  private readonly own: Array<PoissonSampler | null>;
  private readonly knuth: PoissonSampler = (rng) => {
    const limit = this.limit;
    let k = 0;
    let product = rng.nextFloat();
    while (product > limit) {
      k++;
      product *= rng.nextFloat();
    }
    return k;
  };

  /** `rates`: the mean per driver of each region (REGIONS order). */
  constructor(rates: readonly number[]) {
    this.limits = rates.map((rate) => (rate > 0 && rate < 10 ? Math.exp(-rate) : Number.NaN));
    this.own = rates.map((rate) => (rate >= 10 ? samplerFor(rate) : null));
  }

  /** The sampler of region `r`'s drivers, or null when its rate is 0 (they draw nothing). */
  of(r: number): PoissonSampler | null {
    const limit = this.limits[r] as number;
    if (Number.isNaN(limit)) return this.own[r] ?? null;
    this.limit = limit;
    return this.knuth;
  }
}
