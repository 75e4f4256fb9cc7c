// The answer key in numbers (GET /api/answers, summary.json): lines, valid events, defects by
// kind, gold totals, and the parts of the datasets that have them: late arrivals, the rows a
// watermark drops, the company dimension, regional gold.
import type { AnswerSummary } from '../../../../shared/api.ts';
import { DEFECT_KINDS, LIFECYCLE_DEFECT_KINDS } from '../../../../shared/defect-kinds.ts';
import type { BatchAnswer } from '../../../engine/answer-key.ts';
import type { DimensionCounts } from '../../../engine/answers/company-dimension.ts';
import type { ClosedIntervals } from '../../../engine/answers/interval-gold.ts';
import { isoSeconds } from '../../../engine/format.ts';
import type { AnswerRange } from './source.ts';
import type { DatasetFeatures, FinalTruths } from './truths.ts';

export type { AnswerSummary };

/** `features`: a dataset with a lifecycle counts its kinds (after_deactivation) from 0. */
export function emptySummary(
  range: AnswerRange,
  features?: Pick<DatasetFeatures, 'lifecycle'>,
): AnswerSummary {
  const defects: Record<string, number> = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0]));
  if (features?.lifecycle) for (const k of LIFECYCLE_DEFECT_KINDS) defects[k] = 0;
  return {
    from: range.fromS === undefined ? null : isoSeconds(range.fromS),
    to: range.toS === undefined ? null : isoSeconds(range.toS),
    batches: 0,
    first_batch: null,
    last_batch: null,
    lines: 0,
    valid_events: 0,
    defects: defects as AnswerSummary['defects'],
    defective_lines: 0,
    gold: { rows: 0, events: 0, start_driving: 0, stopped_driving: 0, delivered: 0 },
    late_arrivals: null,
    watermark: null,
    company_dimension: null,
    regional_gold: null,
  };
}

/** Counts one batch's lines and defects. */
export function addBatch(summary: AnswerSummary, answer: BatchAnswer): void {
  summary.batches++;
  summary.first_batch ??= answer.meta.batch_id;
  summary.last_batch = answer.meta.batch_id;
  summary.lines += answer.meta.record_count;
  summary.valid_events += answer.events.length;
  summary.defective_lines += answer.defects.length;
  const defects = summary.defects as Record<string, number>;
  for (const d of answer.defects) defects[d.issue] = (defects[d.issue] ?? 0) + 1;
}

/** Counts gold rows and arrivals that became final. */
export function addClosed(summary: AnswerSummary, closed: ClosedIntervals, late: boolean): void {
  for (const g of closed.gold) {
    summary.gold.rows++;
    summary.gold.events += g.events;
    summary.gold.start_driving += g.start_driving;
    summary.gold.stopped_driving += g.stopped_driving;
    summary.gold.delivered += g.delivered;
  }
  if (!late) return;
  summary.late_arrivals ??= { on_time: 0, late: 0, by_intervals_late: {}, max_lateness_seconds: 0 };
  const arrivals = summary.late_arrivals;
  for (const a of closed.arrivals) {
    if (a.intervals_late === 0) arrivals.on_time += a.events;
    else arrivals.late += a.events;
    const k = String(a.intervals_late);
    arrivals.by_intervals_late[k] = (arrivals.by_intervals_late[k] ?? 0) + a.events;
  }
}

/** The parts computed over the whole range. */
export function finishSummary(
  summary: AnswerSummary,
  truths: FinalTruths,
  dimension: DimensionCounts | null,
): void {
  addClosed(summary, truths, truths.features.late_arrivals);
  if (summary.late_arrivals) summary.late_arrivals.max_lateness_seconds = truths.maxLatenessS;
  if (truths.watermark && truths.watermarkStepS !== null)
    summary.watermark = { interval_seconds: truths.watermarkStepS, drops: truths.watermark };
  summary.company_dimension = dimension;
  if (truths.regional) {
    const byRegion: Record<string, { time_zone: string; local_days: number; events: number }> = {};
    for (const r of truths.regional) {
      const region = byRegion[r.region] ?? { time_zone: r.time_zone, local_days: 0, events: 0 };
      byRegion[r.region] = region;
      region.local_days++;
      region.events += r.events;
    }
    summary.regional_gold = {
      rows: truths.regional.length,
      events: truths.regional.reduce((n, r) => n + r.events, 0),
      by_region: byRegion,
    };
  }
}
