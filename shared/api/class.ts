// The classroom: joining a class, the answer key's summary and the LAN link's token.
import { z } from 'zod';
import {
  DEFECT_KINDS,
  type DefectKind,
  LIFECYCLE_DEFECT_KINDS,
  type LifecycleDefectKind,
} from '../defect-kinds.ts';

export const joinRequestSchema = z.strictObject({
  code: z
    .string()
    .max(64)
    .optional()
    .describe('the class code, as typed (any case, dashes optional)'),
  recipe: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("recipe.json (GET /api/recipe on the instructor's app), for a custom config"),
});
export const joinResultSchema = z.object({
  class_code: z.string(),
  message: z.string(),
});

// One count per defect kind, keys from the one list (shared/defect-kinds.ts); the lifecycle's
// kinds only for a dataset whose config has `lifecycle`.
const defectCountsSchema = z.object({
  ...(Object.fromEntries(DEFECT_KINDS.map((kind) => [kind, z.number().int()])) as Record<
    DefectKind,
    z.ZodNumber
  >),
  ...(Object.fromEntries(
    LIFECYCLE_DEFECT_KINDS.map((kind) => [kind, z.number().int().optional()]),
  ) as Record<LifecycleDefectKind, z.ZodOptional<z.ZodNumber>>),
});

export const answerSummarySchema = z.object({
  from: z.string().nullable().describe('range start as asked (null: from the first batch)'),
  to: z.string().nullable().describe('range end as asked, exclusive (null: to the last batch)'),
  batches: z.number().int().describe('committed driver batches in the range'),
  first_batch: z.string().nullable(),
  last_batch: z.string().nullable(),
  lines: z.number().int().describe('every line written (bronze must hold each once)'),
  valid_events: z.number().int().describe('distinct valid events (silver)'),
  defects: defectCountsSchema.describe('defective lines by kind (the quarantine)'),
  defective_lines: z.number().int(),
  gold: z
    .object({
      rows: z.number().int().describe('company × interval rows'),
      events: z.number().int(),
      start_driving: z.number().int(),
      stopped_driving: z.number().int(),
      delivered: z.number().int(),
    })
    .describe('totals of the gold aggregates per company and true interval'),
  late_arrivals: z
    .object({
      on_time: z.number().int().describe('valid rows delivered in the batch of their interval'),
      late: z.number().int().describe('valid rows delivered in a later batch (late arrivals)'),
      by_intervals_late: z
        .record(z.string(), z.number().int())
        .describe('valid rows by how many intervals late they came ("0": on time)'),
      max_lateness_seconds: z
        .number()
        .int()
        .describe('M: a row up to this long before its batch interval is a late arrival'),
    })
    .nullable()
    .describe('null when the dataset has no late_arrivals'),
  watermark: z
    .object({
      interval_seconds: z.number().int().describe('the window (the driver interval)'),
      drops: z
        .array(z.object({ delay_seconds: z.number(), rows_dropped: z.number().int() }))
        .describe(
          'valid rows a windowed aggregation with withWatermark(delay) drops, one micro-batch per batch',
        ),
    })
    .nullable()
    .describe('null when the dataset has no late_arrivals'),
  company_dimension: z
    .object({
      companies: z.number().int(),
      versions: z.number().int().describe('SCD2 rows'),
      deactivations: z.number().int(),
      reactivations: z.number().int(),
      inactive_now: z.number().int().describe('companies whose current version is inactive'),
    })
    .nullable()
    .describe('null when the dataset has no lifecycle'),
  regional_gold: z
    .object({
      rows: z.number().int().describe('region × local day rows'),
      events: z.number().int(),
      by_region: z.record(
        z.string(),
        z.object({
          time_zone: z.string(),
          local_days: z.number().int(),
          events: z.number().int(),
        }),
      ),
    })
    .nullable()
    .describe('null when the dataset has no regions'),
});
export type AnswerSummary = z.infer<typeof answerSummarySchema>;

export const tokenRotationSchema = z.object({
  token: z.string().describe('the new LAN access token; the old one no longer works'),
  url: z.string().describe('the address to hand out: it carries the new token'),
});
