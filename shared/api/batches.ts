// Committed driver batches (GET /api/batches, a batch's detail, the SSE `batch` event).
import { z } from 'zod';
import { REGIONS, type Region } from '../world-config.ts';
import { isoTime } from './common.ts';

export const batchMetaSchema = z.object({
  batch_id: z.string(),
  interval_start: isoTime,
  interval_end: isoTime,
  event_count: z.number().int(),
  seed: z.number().int(),
  generation_time: isoTime,
  corrupted_count: z.number().int(),
  record_count: z.number().int(),
  issues: z.record(z.string(), z.number().int()),
  generation_mode: z.enum(['production', 'emulated']),
  companies_eligible: z.number().int(),
  late_count: z
    .number()
    .int()
    .optional()
    .describe('with late arrivals: rows of earlier intervals delivered in this batch'),
  withheld_count: z
    .number()
    .int()
    .optional()
    .describe("with late arrivals: this interval's events delivered in a later batch"),
  max_lateness_seconds: z
    .number()
    .int()
    .optional()
    .describe(
      'with late arrivals: max_intervals times the driver interval (M of the boundary rule)',
    ),
  events_by_region: z
    .object(
      Object.fromEntries(REGIONS.map((r) => [r, z.number().int()])) as Record<Region, z.ZodNumber>,
    )
    .optional()
    .describe("with regions: the batch's valid rows by their company's region"),
  deactivated_count: z
    .number()
    .int()
    .optional()
    .describe(
      "with lifecycle: companies deactivated in this batch's interval (change records committed so far)",
    ),
  reactivated_count: z
    .number()
    .int()
    .optional()
    .describe(
      "with lifecycle: companies reactivated in this batch's interval (change records committed so far)",
    ),
});
export const batchesSchema = z.object({
  batches: z.array(batchMetaSchema).describe('newest first'),
});

export const batchDetailSchema = z.object({
  meta: batchMetaSchema,
  sample: z.array(z.string()).describe('the first lines of events.jsonl, as written'),
  quality: z.array(z.string()).describe('the first lines of _quality.jsonl, if any'),
  late: z
    .array(z.string())
    .optional()
    .describe('the first lines of _late.jsonl, if any (late rows delivered in this batch)'),
});

export type BatchMeta = z.infer<typeof batchMetaSchema>;
export type BatchDetail = z.infer<typeof batchDetailSchema>;
