// The world's part of a driver batch (issue 19), kept out of driver-batch.ts's hot path: per
// company, its region (events_by_region), its Poisson rate this hour (the daily profile, in
// production mode only) and the parts of the interval in which it is inactive (its events
// stamped there are drawn as always, then not written); after the interval's own lines, the
// after_deactivation defects. WorldMemo caches the pure per-company values across batches.
import { LIFECYCLE_DEFECT_KINDS } from '../../shared/defect-kinds.ts';
import { REGIONS, type Region, type RegionsConfig } from '../../shared/world-config.ts';
import { emptyIssueCounts, type IssueCounts } from './defects.ts';
import { asciiBytes, TimestampWriter, writeUuid } from './format.ts';
import { EpochLifecycle, spanInstant, spansLength } from './lifecycle.ts';
import type { Epoch, EpochShape } from './plan.ts';
import { Stream, stream, type Xor128 } from './random.ts';
import { profileFactors, RegionSamplers, regionCumulative, regionIndexOf } from './regions.ts';
import { type PoissonSampler, weightedIndex } from './sampling.ts';

/** An epoch's per-company values: region indexes and lifecycle spells. */
export class EpochWorld {
  private readonly regions: number[] = [];
  private readonly cumulative: number[] | undefined;
  readonly lifecycle: EpochLifecycle | undefined;

  constructor(
    readonly epoch: Epoch,
    shape: EpochShape,
  ) {
    const { regions, lifecycle } = epoch.config;
    this.cumulative = regions && regionCumulative(regions);
    this.lifecycle = lifecycle && new EpochLifecycle(epoch, shape, lifecycle);
  }

  /** Index in REGIONS of the region of the company with epoch-local ordinal `local` (0: US). */
  region(local: number): number {
    if (!this.cumulative) return 0;
    let r = this.regions[local];
    if (r === undefined) {
      r = regionIndexOf(this.epoch.seed, this.epoch.companyOffset + local, this.cumulative);
      this.regions[local] = r;
    }
    return r;
  }

  get size(): number {
    return this.regions.length + (this.lifecycle?.size ?? 0);
  }
}

/** The world of the few epochs a worker meets, by identity. Only caches pure values. */
export class WorldMemo {
  private readonly epochs = new Map<string, EpochWorld>();

  /** Undefined when the epoch's config has neither regions nor lifecycle. */
  of(epoch: Epoch, shape: EpochShape): EpochWorld | undefined {
    const { regions, lifecycle } = epoch.config;
    if (!regions && !lifecycle) return undefined;
    const key = JSON.stringify([
      epoch.seed,
      epoch.startSeconds,
      epoch.companyOffset,
      epoch.skipped,
      shape,
      regions?.weights,
      lifecycle,
    ]);
    let world = this.epochs.get(key);
    if (!world || world.size > 4_000_000) {
      if (this.epochs.size >= 4) this.epochs.delete(this.epochs.keys().next().value as string);
      world = new EpochWorld(epoch, shape);
      this.epochs.set(key, world);
    }
    return world;
  }
}

/** What the world reads and sets on driver-batch.ts's writer. */
export interface WorldWriter {
  /** Flat [start, end) ms pairs in which the current company is inactive, or null. */
  inactive: number[] | null;
  records: number;
  corrupted: number;
}

type Fragment = (ordinal: number, seq: number) => Uint8Array;

// A valid event line's bytes, as driver-batch.ts writes them.
const PREFIX = asciiBytes('{"event_id":"');
const TYPE_TAILS = ['start driving', 'stopped driving', 'delivered'].map((t) =>
  asciiBytes(`${t}","timestamp":"`),
);
const SUFFIX = asciiBytes('"}\n');
/** The event types' cumulative weights 0.40 / 0.35 / 0.25 (as driver-batch.ts draws them). */
const TYPE_CUMULATIVE = [0.4, 0.75, 1];
/** Where a line's event_id lies. */
export const EVENT_ID_BYTES: readonly [number, number] = [PREFIX.length, PREFIX.length + 36];

/** One driver batch's world. */
export class BatchWorld {
  /** Valid rows by company region (REGIONS order), when the config has regions. */
  private readonly byRegion: number[] | undefined;
  private readonly base: PoissonSampler;
  private readonly profiled: RegionSamplers | undefined;
  private readonly startMs: number;
  private readonly endMs: number;
  /** Companies (epoch-local) inactive during part of the interval, with those parts. */
  private readonly inactive: Array<[number, number[]]> = [];
  /** Emulated mode: events drawn while their company was inactive and written anyway. */
  private readonly kept: Uint8Array[] = [];
  private readonly keepRng: Xor128 | undefined;
  private region = 0;
  private validBefore = 0;

  constructor(
    private readonly world: EpochWorld,
    private readonly startSeconds: number,
    driverSeconds: number,
    base: PoissonSampler,
  ) {
    const { config, seed } = world.epoch;
    this.startMs = startSeconds * 1000;
    this.endMs = this.startMs + driverSeconds * 1000;
    this.byRegion = config.regions && REGIONS.map(() => 0);
    // The daily profile applies in production mode only (emulated batches draw a line count).
    const profiled = config.regions?.daily_profile && !config.emulated_mode.enabled;
    this.base = base;
    this.profiled = profiled
      ? new RegionSamplers(
          profileFactors(config.regions as RegionsConfig, this.startMs).map(
            (f) => config.event_rate_per_driver * f,
          ),
        )
      : undefined;
    if (config.lifecycle && config.emulated_mode.enabled)
      this.keepRng = stream(seed, Stream.afterDeactivation, startSeconds, 0);
  }

  /**
   * Enters the company with epoch-local ordinal `local`: sets `w.inactive` and returns the
   * sampler of its drivers' event counts, or null when they draw nothing: the company is
   * inactive all interval, or its rate this hour is 0 (each driver has its own stream, so
   * skipping them changes no other draw).
   */
  company(local: number, w: WorldWriter): PoissonSampler | null {
    this.region = this.world.region(local);
    this.validBefore = w.records - w.corrupted;
    const spans = this.world.lifecycle?.of(local).inactiveSpans(this.startMs, this.endMs) ?? null;
    w.inactive = spans;
    if (spans !== null) {
      this.inactive.push([local, spans]);
      if (spans[0] === this.startMs && spans[1] === this.endMs) return null;
    }
    return this.profiled ? this.profiled.of(this.region) : this.base;
  }

  /** Index in REGIONS of the current company's region (late-arrivals.ts keeps it with a row). */
  get currentRegion(): number {
    return this.region;
  }

  /** A late row of an earlier interval written in this batch: a valid row of its region. */
  lateRow(region: number): void {
    if (this.byRegion) this.byRegion[region] = (this.byRegion[region] ?? 0) + 1;
  }

  /** Leaves the company: counts its valid rows by region. */
  done(w: WorldWriter): void {
    const counts = this.byRegion;
    if (counts)
      counts[this.region] = (counts[this.region] ?? 0) + w.records - w.corrupted - this.validBefore;
    w.inactive = null;
  }

  /** An event drawn while its company was inactive (emulated mode may still write it). */
  dropped(buf: Uint8Array, start: number, end: number): void {
    const rate = this.world.epoch.config.lifecycle?.after_deactivation_rate ?? 0;
    if (this.keepRng && this.keepRng.nextFloat() < rate) this.kept.push(buf.slice(start, end));
  }

  /** Issue counts with the lifecycle's kinds last, when the config has a lifecycle. */
  issueCounts(): IssueCounts {
    const issues: IssueCounts = emptyIssueCounts();
    if (this.world.lifecycle) for (const kind of LIFECYCLE_DEFECT_KINDS) issues[kind] = 0;
    return issues;
  }

  /**
   * The after_deactivation lines (bytes with their newline, each valid until the next), written
   * after the interval's own lines. Production: each driver of a company inactive during part
   * of the interval sends, with after_deactivation_rate (its own stream per batch), one event
   * stamped uniformly in the inactive part. Emulated: the events drawn for inactive companies
   * that were kept (dropped()).
   */
  *afterDeactivationRows(fragment: Fragment): Generator<Uint8Array, void, void> {
    const { epoch } = this.world;
    const rate = epoch.config.lifecycle?.after_deactivation_rate ?? 0;
    if (epoch.config.emulated_mode.enabled || !(rate > 0)) {
      yield* this.kept;
      return;
    }
    const dpc = epoch.config.drivers_per_company;
    const row = new Uint8Array(1024);
    const ts = new TimestampWriter();
    for (const [local, spans] of this.inactive) {
      const ordinal = epoch.companyOffset + local;
      const span = spansLength(spans);
      for (let seq = 1; seq <= dpc; seq++) {
        const index = ordinal * dpc + (seq - 1);
        const rng = stream(epoch.seed, Stream.afterDeactivation, this.startSeconds, index);
        if (rng.nextFloat() >= rate) continue;
        row.set(PREFIX, 0);
        let p = writeUuid(row, PREFIX.length, rng);
        const frag = fragment(ordinal, seq);
        row.set(frag, p);
        p += frag.length;
        const tail = TYPE_TAILS[weightedIndex(rng, TYPE_CUMULATIVE)] as Uint8Array;
        row.set(tail, p);
        p = ts.write(row, p + tail.length, spanInstant(spans, rng.below(span)));
        row.set(SUFFIX, p);
        yield row.subarray(0, p + SUFFIX.length);
      }
    }
  }

  /** Keys appended to batch_meta.json: events_by_region when the config has regions. */
  meta(): { events_by_region?: Record<Region, number> } {
    if (!this.byRegion) return {};
    const counts = this.byRegion;
    return {
      events_by_region: Object.fromEntries(REGIONS.map((r, i) => [r, counts[i]])) as Record<
        Region,
        number
      >,
    };
  }
}
