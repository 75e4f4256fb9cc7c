// The truths of a range of batches, walked batch by batch: each batch's valid events and
// defects, gold per company and TRUE interval (final once no later batch can deliver into
// it), arrivals per interval by lateness, rows a watermark would drop, and regional gold per
// local day. The features a dataset has come from its epochs' configs: a part is null when
// no epoch in the range has it.
import { REGIONS } from '../../../../shared/world-config.ts';
import type { BatchAnswer } from '../../../engine/answer-key.ts';
import {
  type ArrivalRow,
  type ClosedIntervals,
  type GoldRow,
  IntervalGold,
} from '../../../engine/answers/interval-gold.ts';
import { RegionalGold, type RegionalGoldRow } from '../../../engine/answers/regional-gold.ts';
import {
  type WatermarkDropRow,
  WatermarkDrops,
  watermarkDelays,
} from '../../../engine/answers/watermark-drops.ts';
import { latenessWindowSeconds, latePlan } from '../../../engine/late-arrivals.ts';
import { type Epoch, epochShape } from '../../../engine/plan.ts';
import { type AnswerSource, datasetAnswers, epochOf } from './source.ts';

/** Which parts of the key a dataset has. */
export interface DatasetFeatures {
  late_arrivals: boolean;
  lifecycle: boolean;
  regions: boolean;
}

/** Where a company's events count in regional gold: its region and that region's zone. */
export type CompanyPlace = (epoch: Epoch, companyId: string) => { region: string; zone: string };

export interface BatchTruths extends ClosedIntervals {
  answer: BatchAnswer;
}

export interface FinalTruths extends ClosedIntervals {
  features: DatasetFeatures;
  /** The watermark's delays are multiples of this (the driver interval), or null. */
  watermarkStepS: number | null;
  /** The largest M of the range's batches (0 without late arrivals; more after a pause). */
  maxLatenessS: number;
  watermark: WatermarkDropRow[] | null;
  regional: RegionalGoldRow[] | null;
}

interface PlannedBatch {
  start: number;
  epoch: Epoch;
  stepS: number;
  /**
   * THE RULE's M for this batch (its batch_meta.json's max_lateness_seconds): its late rows lie
   * in [start - M, start). max_intervals * step, more right after skipped batches; 0 without
   * late arrivals.
   */
  maxLatenessS: number;
}

function plan(source: AnswerSource): PlannedBatch[] {
  return source.starts.map((start) => {
    const epoch = epochOf(source, start);
    const shape = epochShape(epoch);
    const late = latePlan(epoch, shape);
    return {
      start,
      epoch,
      stepS: shape.driverSeconds,
      maxLatenessS: late ? latenessWindowSeconds(epoch, start, late, shape) : 0,
    };
  });
}

/**
 * After batch i, no later batch delivers a row of an interval before the oldest source of the
 * batches after it: the intervals (and local days) before that are final.
 */
function horizons(batches: readonly PlannedBatch[]): number[] {
  const out = new Array<number>(batches.length);
  let min = Number.POSITIVE_INFINITY;
  for (let i = batches.length - 1; i >= 0; i--) {
    out[i] = min;
    const b = batches[i] as PlannedBatch;
    min = Math.min(min, b.start - b.maxLatenessS);
  }
  return out;
}

/**
 * Walks the range's batches: `batches()` yields each batch's answer with the gold and arrival
 * rows that became final after it; `finish()` returns the rest and the parts computed over the
 * whole range. `placeOf` gives a company's region and zone (for datasets with regions).
 */
export class DatasetTruths {
  readonly features: DatasetFeatures;
  private readonly plan: PlannedBatch[];
  private readonly gold = new IntervalGold();
  private readonly lateBatch: PlannedBatch | undefined;
  private readonly drops: WatermarkDrops | undefined;
  private readonly regional: RegionalGold | undefined;

  constructor(
    private readonly source: AnswerSource,
    private readonly placeOf?: CompanyPlace,
  ) {
    this.plan = plan(source);
    const sections = this.plan.map((b) => b.epoch.config);
    this.features = {
      late_arrivals: sections.some((w) => w.late_arrivals !== undefined),
      lifecycle: sections.some((w) => w.lifecycle !== undefined),
      regions: sections.some((w) => w.regions !== undefined),
    };
    this.lateBatch = this.plan.find((b) => b.epoch.config.late_arrivals);
    this.drops = this.lateBatch ? new WatermarkDrops() : undefined;
    this.regional = this.features.regions && placeOf ? new RegionalGold(REGIONS) : undefined;
  }

  *batches(): Generator<BatchTruths, void, void> {
    const { gold, drops, regional, placeOf } = this;
    const after = horizons(this.plan);
    let i = 0;
    for (const { start, epoch, answer } of datasetAnswers(this.source)) {
      const b = this.plan[i] as PlannedBatch;
      const horizon = after[i] as number;
      i++;
      drops?.nextBatch();
      const place = regional && epoch.config.regions ? placeOf : undefined;
      for (const e of answer.events) {
        const ms = Date.parse(e.timestamp);
        const event = {
          company_id: e.company_id,
          driver_id: e.driver_id,
          event_type: e.event_type,
          ms,
        };
        gold.add(event, start, b.stepS);
        drops?.add(ms, b.stepS);
        if (place) {
          const { region, zone } = place(epoch, e.company_id);
          regional?.add(region, zone, event);
        }
      }
      regional?.close(horizon * 1000);
      yield { answer, ...gold.close(horizon) };
    }
  }

  finish(): FinalTruths {
    const late = this.lateBatch;
    const maxIntervals = this.plan.reduce(
      (m, b) => Math.max(m, b.epoch.config.late_arrivals?.max_intervals ?? 0),
      0,
    );
    return {
      ...this.gold.close(),
      features: this.features,
      watermarkStepS: late ? late.stepS : null,
      maxLatenessS: this.plan.reduce((m, b) => Math.max(m, b.maxLatenessS), 0),
      watermark:
        this.drops && late ? this.drops.rows(watermarkDelays(late.stepS, maxIntervals)) : null,
      regional: this.regional ? this.regional.rows() : null,
    };
  }
}

export function datasetTruths(source: AnswerSource, placeOf?: CompanyPlace): DatasetTruths {
  return new DatasetTruths(source, placeOf);
}

export type { ArrivalRow, GoldRow, RegionalGoldRow, WatermarkDropRow };
