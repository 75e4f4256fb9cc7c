// Backfill: a clean, paused dataset started in the past and generated up to now at once.
import { z } from 'zod';
import { isoTime, nullableTime } from './common.ts';

export const backfillStatusSchema = z.object({
  running: z.boolean(),
  from: isoTime,
  done: z.number().int(),
  total: z.number().int(),
  events: z.number().int(),
  started_at: isoTime,
  finished_at: nullableTime,
  cancelled: z.boolean(),
  error: z.string().nullable(),
});

export const backfillRequestSchema = z.strictObject({
  from: isoTime
    .describe('the dataset starts here; everything up to now is generated at once')
    .meta({ format: 'date-time' }),
});
export const backfillViewSchema = z.object({ backfill: backfillStatusSchema.nullable() });

export type BackfillStatus = z.infer<typeof backfillStatusSchema>;
