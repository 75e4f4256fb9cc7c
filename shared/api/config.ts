// Presets and the running config (GET /api/presets, GET and POST /api/config).
import { z } from 'zod';
import { errorSchema, isoTime, nullableTime } from './common.ts';

export const configIssueSchema = z.object({ path: z.string(), message: z.string() });
export const invalidConfigSchema = errorSchema.extend({
  issues: z
    .array(configIssueSchema)
    .optional()
    .describe('every problem of the config (invalid_config); absent for invalid_json'),
});

export const presetSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  generation_mode: z.enum(['production', 'emulated']),
  seed: z.number().int().nullable(),
  number_of_companies: z.number().int(),
  drivers_per_company: z.number().int(),
  event_rate_per_driver: z.number(),
  company_interval_seconds: z.number(),
  driver_interval_seconds: z.number(),
  events_per_batch_range: z.tuple([z.number().int(), z.number().int()]).nullable(),
  error_rate: z.number(),
});
export const presetsSchema = z.object({
  presets: z.array(presetSummarySchema),
  invalid: z
    .array(z.object({ name: z.string(), issues: z.array(configIssueSchema) }))
    .describe('preset files that do not validate, with their problems'),
  active: z.string(),
});

export const configViewSchema = z.object({
  preset: z.string(),
  config: z.record(z.string(), z.unknown()).describe('the normalized config that runs now'),
  pending: z.object({ preset: z.string(), at: isoTime }).nullable(),
});

export const configRequestSchema = z.union([
  z.strictObject({ preset: z.string().min(1) }),
  z.strictObject({ yaml: z.string().min(1) }),
]);
export const configResultSchema = z.object({
  success: z.literal(true),
  changed: z.boolean(),
  preset: z.string(),
  effective_at: nullableTime.describe('when the new epoch starts; null: at once or no change'),
  message: z.string(),
});

export type PresetSummary = z.infer<typeof presetSummarySchema>;
export type Presets = z.infer<typeof presetsSchema>;
export type ConfigView = z.infer<typeof configViewSchema>;
export type ConfigResult = z.infer<typeof configResultSchema>;
export type ConfigIssueView = z.infer<typeof configIssueSchema>;
