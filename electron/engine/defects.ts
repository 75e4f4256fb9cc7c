// Data-quality defects for cleansing exercises (docs/data-folder.md, Defects). A selected record gets
// exactly one defect; the draws come from the record's own quality stream, so the valid
// records of a dataset are the same with defects on or off.
import { DEFECT_KINDS, type DefectKind, type QualityConfig } from '../../shared/config.ts';
import type { LifecycleDefectKind } from '../../shared/defect-kinds.ts';
import { isoMillis } from './format.ts';
import type { Xor128 } from './random.ts';
import { cumulativeWeights, weightedIndex } from './sampling.ts';

export type RecordValue = string | boolean | null;
export type RecordFields = Record<string, RecordValue>;

export interface DefectPlan {
  rate: number;
  cumulative: number[];
}

export function defectPlan(
  quality: QualityConfig,
  target: 'events' | 'companies',
): DefectPlan | undefined {
  const on = target === 'events' ? quality.inject_in_driver_events : quality.inject_in_companies;
  if (!quality.enabled || !on || quality.error_rate <= 0) return undefined;
  return {
    rate: quality.error_rate,
    cumulative: cumulativeWeights(DEFECT_KINDS.map((k) => quality.weights[k])),
  };
}

/** Draws whether the next record is defective, and of which kind. */
export function drawDefect(rng: Xor128, plan: DefectPlan): DefectKind | undefined {
  if (rng.nextFloat() >= plan.rate) return undefined;
  return DEFECT_KINDS[weightedIndex(rng, plan.cumulative)];
}

/** What a record kind needs for its defects. */
export interface RecordShape {
  fields: readonly string[];
  timestampField: string;
  enumField: string;
  invalidEnums: readonly string[];
}

export const EVENT_SHAPE: RecordShape = {
  fields: ['event_id', 'driver_id', 'company_id', 'truck_id', 'event_type', 'timestamp'],
  timestampField: 'timestamp',
  enumField: 'event_type',
  invalidEnums: ['START_DRIVING', 'parked', 'deliverd', 'unknown', 'stopped-driving', ''],
};

export const COMPANY_SHAPE: RecordShape = {
  fields: ['company_id', 'geography', 'active', 'created_at'],
  timestampField: 'created_at',
  enumField: 'geography',
  invalidEnums: ['XX', 'us', 'U.S.', 'Mars', 'USA ', ''],
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Timestamps no Spark JSON reader accepts, built from the true one so they look plausible.
 * Each form is checked against real Spark in docker/tests. Forms Spark silently accepts
 * (`2024-01-01 12:00:00`, `2024-01-01`, no zone) are deliberately absent.
 */
const MALFORMED_TIMESTAMPS: ReadonlyArray<(d: Date) => string> = [
  (d) =>
    `${d.getUTCFullYear()}-13-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:00Z`,
  (d) =>
    `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`,
  () => 'not-a-timestamp',
  (d) =>
    `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`,
  (d) =>
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T25:${pad2(d.getUTCMinutes())}:00Z`,
  (d) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-32T${pad2(d.getUTCHours())}:00:00Z`,
  () => 'N/A',
];
export const MALFORMED_TIMESTAMP_FORMS = MALFORMED_TIMESTAMPS.length;

export function malformedTimestamp(form: number, ms: number): string {
  const make = MALFORMED_TIMESTAMPS[form % MALFORMED_TIMESTAMPS.length];
  return make ? make(new Date(ms)) : 'not-a-timestamp';
}

export interface AppliedDefect {
  /** The record line(s) to write, without newlines: one, or two for `duplicate`. */
  lines: string[];
  /** The field the defect touched (null for `duplicate`). */
  field: string | null;
  /** Index in `lines` of the defective line. */
  defectiveLine: number;
}

/**
 * Applies one defect of `kind` to `record` (keys in contract order). `intervalMs` is the
 * [start, end) the record's timestamp must lie in; boundary violations land outside it. With
 * late arrivals, [start - lateMarginMs, start) holds valid late rows, so an early violation
 * lands before that (docs/data-folder.md, the boundary rule).
 */
export function applyDefect(
  rng: Xor128,
  kind: DefectKind,
  record: RecordFields,
  shape: RecordShape,
  intervalMs: readonly [number, number],
  lateMarginMs = 0,
): AppliedDefect {
  const valid = JSON.stringify(record);
  switch (kind) {
    case 'duplicate':
      return { lines: [valid, valid], field: null, defectiveLine: 1 };
    case 'missing_field': {
      const field = shape.fields[rng.below(shape.fields.length)] as string;
      const copy: RecordFields = {};
      for (const key of shape.fields) if (key !== field) copy[key] = record[key] ?? null;
      return { lines: [JSON.stringify(copy)], field, defectiveLine: 0 };
    }
    case 'null_value': {
      const field = shape.fields[rng.below(shape.fields.length)] as string;
      return { lines: [JSON.stringify({ ...record, [field]: null })], field, defectiveLine: 0 };
    }
    case 'invalid_enum': {
      const value = shape.invalidEnums[rng.below(shape.invalidEnums.length)] as string;
      return {
        lines: [JSON.stringify({ ...record, [shape.enumField]: value })],
        field: shape.enumField,
        defectiveLine: 0,
      };
    }
    case 'malformed_timestamp': {
      const ms = Date.parse(String(record[shape.timestampField]));
      const value = malformedTimestamp(rng.below(MALFORMED_TIMESTAMP_FORMS), ms);
      return {
        lines: [JSON.stringify({ ...record, [shape.timestampField]: value })],
        field: shape.timestampField,
        defectiveLine: 0,
      };
    }
    case 'boundary_violation': {
      const [start, end] = intervalMs;
      const span = Math.max(1000, end - start);
      // Early data lands up to one interval before the start (and its late margin), late data
      // up to one interval after the end.
      const ms =
        rng.below(2) === 0 ? start - lateMarginMs - 1 - rng.below(span) : end + rng.below(span);
      return {
        lines: [JSON.stringify({ ...record, [shape.timestampField]: isoMillis(ms) })],
        field: shape.timestampField,
        defectiveLine: 0,
      };
    }
  }
}

/** Lines by defect kind; the lifecycle's kinds only for a config with `lifecycle` (last keys). */
export type IssueCounts = Record<DefectKind, number> & Partial<Record<LifecycleDefectKind, number>>;

export function emptyIssueCounts(): Record<DefectKind, number> {
  return {
    missing_field: 0,
    null_value: 0,
    malformed_timestamp: 0,
    invalid_enum: 0,
    duplicate: 0,
    boundary_violation: 0,
  };
}
