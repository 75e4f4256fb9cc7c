// The companies' side of the key, from the engine (not from companies.jsonl): each company's
// region and zone (for regional gold) and its versions (for the SCD2 dimension). The dimension
// holds what the folder's companies stream holds: the companies onboarded by the company
// batches committed (those that end by `to` when the range has one) and the changes those
// batches announce, which reach one company interval past the last of them (a change is
// appended by the batch before its interval). A company of an epoch without a lifecycle has
// one version, from its created_at.
import { REGIONS } from '../../../../shared/world-config.ts';
import {
  type CompanyChange,
  companyDimension,
  type DimensionCounts,
  type DimensionRow,
  dimensionCounts,
} from '../../../engine/answers/company-dimension.ts';
import { EpochWorld } from '../../../engine/batch-world.ts';
import { companyCreatedMs, companyId } from '../../../engine/companies.ts';
import { isoMillis } from '../../../engine/format.ts';
import { announcedWindow } from '../../../engine/lifecycle.ts';
import {
  batchStartsIn,
  type Epoch,
  type EpochShape,
  epochShape,
  onboardingOrdinalBase,
} from '../../../engine/plan.ts';
import { activeEpoch } from '../../dataset/timeline.ts';
import { epochFromRecord } from '../../store/state.ts';
import type { AnswerSource } from './source.ts';
import type { CompanyPlace } from './truths.ts';

export interface AnswerWorld {
  placeOf: CompanyPlace;
  changes(): CompanyChange[];
  dimension(): DimensionRow[];
  dimensionCounts(): DimensionCounts;
}

/** Per epoch: its world (regions, lifecycle) and its companies' ids, found as needed. */
class EpochCompanies {
  readonly shape;
  readonly world: EpochWorld;
  private readonly ids: string[] = [];
  private readonly locals = new Map<string, number>();

  constructor(readonly epoch: Epoch) {
    this.shape = epochShape(epoch);
    this.world = new EpochWorld(epoch, this.shape);
  }

  id(local: number): string {
    while (this.ids.length <= local) {
      const id = companyId(this.epoch.seed, this.epoch.companyOffset + this.ids.length);
      this.locals.set(id, this.ids.length);
      this.ids.push(id);
    }
    return this.ids[local] as string;
  }

  /** The epoch-local ordinal of a company of this epoch (its events name it by id). */
  localOf(companyId: string): number {
    let local = this.locals.get(companyId);
    // A driver batch's companies are the first ones onboarded: look a bit further each time.
    for (let n = this.ids.length; local === undefined; n = Math.max(2 * n, 64)) {
      if (n > 100_000_000) throw new Error(`company ${companyId} is not one of its epoch's`);
      this.id(n);
      local = this.locals.get(companyId);
    }
    return local;
  }

  region(local: number): string {
    return REGIONS[this.world.region(local)] as string;
  }
}

/**
 * The end (ms) of the changes announced by the epoch's company batches that start before
 * `untilS` (and end by the epoch's end): the interval after the last of them (after the initial
 * fleet's batch alone: the first interval).
 */
function announcedUntilMs(epoch: Epoch, shape: EpochShape, untilS: number): number {
  const end = epoch.endSeconds ?? Number.POSITIVE_INFINITY;
  const starts = batchStartsIn(epoch, 'company', epoch.startSeconds, untilS, shape).filter(
    (t) => t + shape.companySeconds <= end,
  );
  return announcedWindow(shape, starts.at(-1) ?? null)[1] * 1000;
}

/** The end of the last company batch the folder holds (capped at the range's end). */
function companiesAsOf(source: AnswerSource): number {
  const state = source.state;
  const last = state.companies.last_onboarding_start;
  let asOf = Number.NEGATIVE_INFINITY;
  if (last) {
    const start = Date.parse(last) / 1000;
    const active = activeEpoch(state.epochs, start);
    asOf = start + (active ? epochShape(active.epoch).companySeconds : 0);
  }
  // The initial fleets alone (no onboarding batch yet): everything up to the first epoch's start.
  const first = state.epochs[0];
  if (first) asOf = Math.max(asOf, Date.parse(first.start) / 1000);
  return source.range.toS === undefined ? asOf : Math.min(asOf, source.range.toS);
}

/** The world of a dataset whose range has regions or a lifecycle; undefined otherwise. */
export function answerWorld(source: AnswerSource): AnswerWorld | undefined {
  const records = source.state.epochs;
  const epochs = records.map(epochFromRecord);
  if (!epochs.some((e) => e.config.regions || e.config.lifecycle)) return undefined;
  const asOfS = companiesAsOf(source);
  const byEpoch = new Map<Epoch, EpochCompanies>();
  let last: { epoch: Epoch; companies: EpochCompanies } | undefined;
  const companiesOf = (epoch: Epoch) => {
    if (last?.epoch === epoch) return last.companies;
    // Epochs are read again per batch: find ours by its start.
    const own = epochs.find((e) => e.startSeconds === epoch.startSeconds) ?? epoch;
    let c = byEpoch.get(own);
    if (!c) {
      c = new EpochCompanies(own);
      byEpoch.set(own, c);
    }
    last = { epoch, companies: c };
    return c;
  };
  let changes: CompanyChange[] | undefined;
  const allChanges = () => {
    changes ??= epochs.flatMap((epoch, i) => {
      const initialFleet = records[i]?.initial_fleet_committed !== false;
      if (epoch.startSeconds > asOfS || !initialFleet) return [];
      const companies = companiesOf(epoch);
      const shape = companies.shape;
      const untilS = Math.min(asOfS, epoch.endSeconds ?? Number.POSITIVE_INFINITY);
      const count = onboardingOrdinalBase(epoch, untilS, shape);
      const lifecycle = companies.world.lifecycle;
      const announced = lifecycle ? announcedUntilMs(epoch, shape, untilS) : 0;
      const out: CompanyChange[] = [];
      for (let local = 0; local < count; local++) {
        const company_id = companies.id(local);
        const geography = companies.region(local);
        const created_at = isoMillis(companyCreatedMs(epoch, local, shape));
        out.push({
          company_id,
          geography,
          active: true,
          created_at,
          change: 'onboarded',
          effective_at: created_at,
        });
        if (!lifecycle) continue;
        for (const [ms, index] of lifecycle.of(local).changesIn(0, announced)) {
          const back = index % 2 === 1;
          out.push({
            company_id,
            geography,
            active: back,
            created_at,
            change: back ? 'reactivated' : 'deactivated',
            effective_at: isoMillis(ms),
          });
        }
      }
      return out;
    });
    return changes;
  };
  return {
    placeOf: (epoch, id) => {
      const companies = companiesOf(epoch);
      const region = companies.region(companies.localOf(id));
      const zones = epoch.config.regions?.time_zones as Record<string, string> | undefined;
      return { region, zone: zones?.[region] ?? 'UTC' };
    },
    changes: allChanges,
    dimension: () => companyDimension(allChanges()),
    dimensionCounts: () => dimensionCounts(allChanges()),
  };
}
