// The generator's health (GET /api/health, the SSE `health` event) and the lifecycle actions
// (pause, resume, clean) that change it.
import { z } from 'zod';
import { REGIONS, type Region } from '../world-config.ts';
import { backfillStatusSchema } from './backfill.ts';
import { isoTime, nullableTime } from './common.ts';

export const autoReinitSchema = z.object({
  performed: z.boolean(),
  at: nullableTime,
  actions: z.array(z.string()).describe('e.g. ["companies:10", "driver_batch:1"]'),
  missing_files: z.array(z.string()),
});

export const healthSchema = z.object({
  status: z.enum(['running', 'paused', 'error']),
  timestamp: isoTime,
  generation_mode: z.enum(['production', 'emulated']),
  emulated_config: z
    .object({
      company_interval_seconds: z.number(),
      driver_interval_seconds: z.number(),
      companies_per_batch: z.number().int(),
      events_per_batch_range: z.tuple([z.number().int(), z.number().int()]),
    })
    .nullable(),
  uptime_seconds: z.number(),
  start_time: isoTime,
  company_batches: z.number().int(),
  driver_batches: z.number().int(),
  last_company_time: nullableTime,
  last_driver_time: nullableTime,
  paused: z.boolean(),
  shutdown_requested: z.boolean(),
  verification: z.object({
    companies_exists: z.boolean(),
    events_exists: z.boolean(),
    event_file_count: z.number().int(),
    missing: z.array(z.string()),
  }),
  uptime: z.object({ seconds: z.number(), hours: z.number(), start_time: isoTime }),
  company_generator: z.object({
    total_batches: z.number().int(),
    last_batch_time: nullableTime,
    idle_seconds: z.number().nullable(),
  }),
  driver_generator: z.object({
    total_batches: z.number().int(),
    last_batch_time: nullableTime,
    last_interval_end: nullableTime,
    idle_seconds: z.number().nullable(),
  }),
  lifecycle: z.object({ paused: z.boolean(), shutdown_requested: z.boolean() }),
  state: z.object({ last_saved: nullableTime, state_file: z.string() }),
  auto_reinit: autoReinitSchema,
  preset: z.string(),
  pending_preset: z
    .object({
      preset: z.string(),
      at: isoTime,
      class_code: z
        .string()
        .nullable()
        .optional()
        .describe(
          'the class code of the announced epoch: students re-join with it before it starts',
        ),
    })
    .nullable(),
  class_code: z
    .string()
    .nullable()
    .describe(
      'students enter this to make the same data (serve --join, Join a class); null for a custom config',
    ),
  data_dir: z.string(),
  seed: z.number().int().nullable(),
  totals: z.object({
    companies: z.number().int(),
    events: z.number().int(),
    corrupted: z.number().int(),
  }),
  backfill: backfillStatusSchema.nullable(),
  can_backfill: z
    .boolean()
    .describe('POST /api/backfill would start now: paused, cleaned, no dataset yet'),
  access: z
    .enum(['full', 'read_only'])
    .optional()
    .describe(
      'what this client may do: read_only for the class link of LAN mode (GET /api/health only; not in stream events)',
    ),
  last_error: z
    .object({
      message: z.string(),
      at: isoTime,
      code: z
        .string()
        .optional()
        .describe(
          'disk_full (the message names the folder and the free space) or generation_failed',
        ),
    })
    .nullable(),
  allowed_origins: z
    .array(z.string())
    .describe('other origins answered with CORS (serve --allow-origin); empty by default'),
  regions: z
    .object({
      time_zones: z
        .object(
          Object.fromEntries(REGIONS.map((r) => [r, z.string()])) as Record<Region, z.ZodString>,
        )
        .describe("each region's IANA time zone (its local day)"),
    })
    .nullable()
    .optional()
    .describe("the running config's regions; null when it has none"),
  class_results: z
    .object({
      accepts: z
        .array(z.string())
        .describe('optional fields of POST /api/class/results/report accepted, e.g. hints_used'),
    })
    .optional()
    .describe(
      "what this app's class results accept from students' apps (absent from older apps: send none of the optional fields)",
    ),
});
export type Health = z.infer<typeof healthSchema>;

export const actionResultSchema = z.object({
  action: z.enum(['pause', 'resume']),
  success: z.boolean(),
  status: z.enum(['running', 'paused', 'error']),
  message: z.string(),
  error: z.string().nullable(),
  timestamp: isoTime,
  extra: z
    .object({
      baseline_actions: z.array(z.string()).optional(),
      baseline_errors: z
        .array(z.string())
        .optional()
        .describe('resume: always empty (a failed regeneration fails the request)'),
      verification_missing: z
        .array(z.string())
        .optional()
        .describe('resume: baseline files still missing afterwards, relative to the data folder'),
      auto_reinit: autoReinitSchema.optional(),
    })
    .passthrough(),
});

/** POST /api/clean: an empty body (the earlier clients') keeps the class's results. */
export const cleanRequestSchema = z.object({
  class_results: z
    .boolean()
    .optional()
    .describe("true: delete the class's collected results too (default: keep them)"),
});

export const cleanResultSchema = z.object({
  success: z.literal(true),
  timestamp: isoTime,
  deleted_count: z.number().int(),
  deleted_items: z.array(z.string()),
  errors: z.array(z.string()),
  class_results: z
    .object({
      deleted: z.boolean().describe('false: kept, as no {"class_results": true} was sent'),
      students: z.number().int().describe('students whose results were deleted, or are kept'),
    })
    .optional(),
});

export type ActionResult = z.infer<typeof actionResultSchema>;
export type CleanResult = z.infer<typeof cleanResultSchema>;
