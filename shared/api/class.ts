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
    .describe('totals of the gold aggregates per company and interval'),
});
export type AnswerSummary = z.infer<typeof answerSummarySchema>;

export const tokenRotationSchema = z.object({
  token: z.string().describe('the new LAN access token; the old one no longer works'),
  url: z.string().describe('the address to hand out: it carries the new token'),
});
