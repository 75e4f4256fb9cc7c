// The HTTP API contract (docs/api.md): request and response
// schemas. The server validates with these, the OpenAPI document (routes.ts) is generated from
// them and the UI's types are inferred from them, so the three cannot drift apart.
import { z } from 'zod';
import { DEFECT_KINDS, type DefectKind } from './defect-kinds.ts';
import { SPARK_BACKENDS, SPARK_JOB_STATES, SPARK_JOBS, STARTABLE_BACKENDS } from './spark.ts';

const isoTime = z.string().describe('ISO-8601 UTC timestamp');
const nullableTime = isoTime.nullable();

export const errorSchema = z
  .object({
    error: z.string().describe('machine-readable code, e.g. pause_required'),
    message: z.string().describe('what went wrong and what to do'),
  })
  .passthrough();

export const configIssueSchema = z.object({ path: z.string(), message: z.string() });
export const invalidConfigSchema = errorSchema.extend({
  issues: z
    .array(configIssueSchema)
    .optional()
    .describe('every problem of the config (invalid_config); absent for invalid_json'),
});

export const autoReinitSchema = z.object({
  performed: z.boolean(),
  at: nullableTime,
  actions: z.array(z.string()).describe('e.g. ["companies:10", "driver_batch:1"]'),
  missing_files: z.array(z.string()),
});

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

export const cleanResultSchema = z.object({
  success: z.literal(true),
  timestamp: isoTime,
  deleted_count: z.number().int(),
  deleted_items: z.array(z.string()),
  errors: z.array(z.string()),
});

export const logEntrySchema = z.object({
  ts: isoTime,
  level: z.enum(['debug', 'info', 'warning', 'error']),
  message: z.string(),
  source: z.string(),
  context: z.record(z.string(), z.unknown()),
  cursor: z.string().describe('pass as since= or before= to page from this entry'),
});

export const logPageSchema = z.object({
  entries: z.array(logEntrySchema).describe('newest first'),
  totalReturned: z.number().int(),
  nextSince: z
    .string()
    .nullable()
    .describe('cursor of the newest entry returned: poll with since=nextSince'),
  nextBefore: z
    .string()
    .nullable()
    .describe('cursor of the oldest entry returned: page back with before=nextBefore'),
  limit: z
    .number()
    .int()
    .optional()
    .describe('the limit used: the one asked for, clamped to 1..1000 (100 when not a number)'),
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
});
export const batchesSchema = z.object({
  batches: z.array(batchMetaSchema).describe('newest first'),
});

export const batchDetailSchema = z.object({
  meta: batchMetaSchema,
  sample: z.array(z.string()).describe('the first lines of events.jsonl, as written'),
  quality: z.array(z.string()).describe('the first lines of _quality.jsonl, if any'),
});

export const sparkBackendSchema = z
  .enum(SPARK_BACKENDS)
  .describe(
    'docker: the compose stack; local: processes on this machine; attached: the Spark containers of the same compose project as this generator (all-in-Docker mode), started and stopped by compose',
  );
export const sparkStatusSchema = z
  .object({
    state: z.enum(['stopped', 'starting', 'running', 'stopping', 'error']),
    backend: sparkBackendSchema.nullable(),
    message: z.string(),
    error_code: z
      .string()
      .nullable()
      .describe('a searchable code for the current problem, e.g. engine_not_running'),
    master: z
      .object({
        url: z.string(),
        status: z.string(),
        alive_workers: z.number().int(),
        cores: z.number().int(),
        cores_used: z.number().int(),
        memory_mb: z.number(),
        memory_used_mb: z.number(),
        running_applications: z.array(
          z.object({ id: z.string(), name: z.string(), state: z.string(), cores: z.number() }),
        ),
        completed_applications: z.number().int(),
      })
      .nullable(),
    services: z.array(z.object({ service: z.string(), state: z.string(), health: z.string() })),
    ui_url: z.string().nullable(),
    started_at: nullableTime,
    ready_seconds: z.number().nullable(),
    spark_home: z.string().nullable(),
    stack_dir: z
      .string()
      .nullable()
      .describe('docker backend: the copy of the compose stack that runs (beside the data)'),
    jobs: z.array(
      z.object({
        id: z.number().int(),
        job: z.enum(SPARK_JOBS),
        backend: sparkBackendSchema,
        state: z.enum(SPARK_JOB_STATES),
        started_at: isoTime,
        finished_at: nullableTime,
        exit_code: z.number().int().nullable(),
        summary: z.string().nullable(),
        adopted: z
          .boolean()
          .optional()
          .describe('a pipeline an earlier run of the app left running, taken over at start'),
      }),
    ),
    backends: z.object({
      docker: z.object({
        state: z.enum(['ready', 'cli_missing', 'engine_down', 'compose_missing']),
        message: z.string().optional(),
        version: z.string().optional(),
      }),
      local: z.object({ available: z.boolean(), detail: z.string() }),
    }),
  })
  .describe('the cluster, its backend and the jobs run on it');
export const sparkUpRequestSchema = z.strictObject({
  backend: z.enum(STARTABLE_BACKENDS).optional(),
});
export const sparkJobRequestSchema = z.strictObject({ job: z.enum(SPARK_JOBS) });
export const sparkActionSchema = z.object({
  state: z.string(),
  message: z.string(),
  backend: sparkBackendSchema.optional(),
});
export const sparkLogsSchema = z.object({
  lines: z
    .array(z.object({ ts: isoTime, source: z.string(), line: z.string() }))
    .describe('newest first'),
});
export const sparkJobSchema = sparkStatusSchema.shape.jobs.element;

export const backfillRequestSchema = z.strictObject({
  from: isoTime
    .describe('the dataset starts here; everything up to now is generated at once')
    .meta({ format: 'date-time' }),
});
export const backfillViewSchema = z.object({ backfill: backfillStatusSchema.nullable() });

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

// One count per defect kind, keys from the one list (shared/defect-kinds.ts).
const defectCountsSchema = z.object(
  Object.fromEntries(DEFECT_KINDS.map((kind) => [kind, z.number().int()])) as Record<
    DefectKind,
    z.ZodNumber
  >,
);

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

export type ActionResult = z.infer<typeof actionResultSchema>;
export type CleanResult = z.infer<typeof cleanResultSchema>;
export type LogEntry = z.infer<typeof logEntrySchema>;
export type LogPage = z.infer<typeof logPageSchema>;
export type PresetSummary = z.infer<typeof presetSummarySchema>;
export type Presets = z.infer<typeof presetsSchema>;
export type ConfigView = z.infer<typeof configViewSchema>;
export type ConfigResult = z.infer<typeof configResultSchema>;
export type BatchMeta = z.infer<typeof batchMetaSchema>;
export type BatchDetail = z.infer<typeof batchDetailSchema>;
export type BackfillStatus = z.infer<typeof backfillStatusSchema>;
export type ConfigIssueView = z.infer<typeof configIssueSchema>;
export type SparkStatus = z.infer<typeof sparkStatusSchema>;
