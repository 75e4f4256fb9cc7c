// The Spark cluster, its backends and the jobs run on it (the /api/spark* routes).
import { z } from 'zod';
import { SPARK_BACKENDS, SPARK_JOB_STATES, SPARK_JOBS, STARTABLE_BACKENDS } from '../spark.ts';
import { isoTime, nullableTime } from './common.ts';
import { notebookStatusSchema } from './notebook.ts';

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
    ports: z
      .object({
        master_ui: z.number().int(),
        master: z.number().int(),
        app_ui: z.number().int(),
        notebook: z.number().int(),
      })
      .describe(
        'the ports on 127.0.0.1 the cluster and the notebook use (settings: serve --master-ui-port … / SPARK_EXPERIMENTS_*_PORT)',
      ),
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
      local: z.object({
        available: z.boolean(),
        detail: z.string(),
        checked: z
          .boolean()
          .optional()
          .describe(
            'false: not looked for yet (looking runs Python, so only Start Spark or a check looks)',
          ),
      }),
    }),
    notebook: notebookStatusSchema,
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

export type SparkStatus = z.infer<typeof sparkStatusSchema>;
