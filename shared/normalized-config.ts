// A config as the state file keeps it: the normalized GeneratorConfig that parseConfigObject
// gave (defaults filled in, aliases resolved), not a preset file. Its shape is checked here and
// every preset rule by parsing it again, so a stored config is held to the same rules as a
// preset and comes out typed, with no cast.
import { z } from 'zod';
import { configToRaw, type GeneratorConfig, parseConfigObject } from './config.ts';
import { storedWorldShape } from './world-config.ts';

const weightsSchema = z.object({
  missing_field: z.number(),
  null_value: z.number(),
  malformed_timestamp: z.number(),
  invalid_enum: z.number(),
  duplicate: z.number(),
  boundary_violation: z.number(),
});

const shapeSchema = z.object({
  name: z.string(),
  description: z.string(),
  seed: z.number().optional(),
  number_of_companies: z.number(),
  drivers_per_company: z.number(),
  event_rate_per_driver: z.number(),
  company_onboarding_interval: z.string(),
  driver_event_interval: z.string(),
  companies_per_onboarding: z.number(),
  quality_injection: z.object({
    enabled: z.boolean(),
    error_rate: z.number(),
    weights: weightsSchema,
    inject_in_driver_events: z.boolean(),
    inject_in_companies: z.boolean(),
    log_injected_issues: z.boolean(),
  }),
  emulated_mode: z.object({
    enabled: z.boolean(),
    company_batch_interval: z.string(),
    driver_batch_interval: z.string(),
    companies_per_batch: z.number(),
    events_per_batch_min: z.number(),
    events_per_batch_max: z.number(),
  }),
  catch_up_limit: z.number(),
  ...storedWorldShape,
});

/** A stored normalized config, validated by the preset rules (shared/config.ts). */
export const normalizedConfigSchema = shapeSchema.transform((stored, ctx): GeneratorConfig => {
  const parsed = parseConfigObject(configToRaw({ ...stored, seed: stored.seed }), stored.name);
  if (parsed.ok) return parsed.config;
  for (const issue of parsed.issues)
    ctx.addIssue({
      code: 'custom',
      message: issue.message,
      path: issue.path === '' ? [] : issue.path.split('.'),
    });
  return z.NEVER;
});
