// The route table of the HTTP API and the OpenAPI 3.1 document generated from it and from
// the schemas in api.ts: the server mounts exactly these routes (a test checks both ways).
import { z } from 'zod';
import {
  actionResultSchema,
  answerSummarySchema,
  backfillRequestSchema,
  backfillStatusSchema,
  backfillViewSchema,
  batchDetailSchema,
  batchesSchema,
  cleanResultSchema,
  configRequestSchema,
  configResultSchema,
  configViewSchema,
  errorSchema,
  healthSchema,
  invalidConfigSchema,
  joinRequestSchema,
  joinResultSchema,
  logPageSchema,
  presetsSchema,
  sparkActionSchema,
  sparkJobRequestSchema,
  sparkJobSchema,
  sparkLogsSchema,
  sparkStatusSchema,
  sparkUpRequestSchema,
  tokenRotationSchema,
} from './api.ts';
import { exercisesSchema, exerciseViewSchema, scorecardSchema } from './exercises.ts';
import { pipelineViewSchema } from './pipeline.ts';

/** The level names GET /api/logs takes (in any case), as the earlier version's clients send them. */
export const LOG_LEVEL_NAMES = [
  'debug',
  'trace',
  'info',
  'information',
  'warning',
  'warn',
  'error',
  'err',
  'critical',
  'fatal',
] as const;

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  request?: z.ZodType;
  /** A description (any string is taken), or a whole number in [min, max] (else 400). */
  query?: Record<
    string,
    | string
    | { description: string; integer: [number, number] }
    | { description: string; format: 'date-time' }
    | { description: string; enum: readonly string[] }
  >;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}

type ResponseSpec = RouteSpec['responses'][number];

const errors = (...codes: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    codes.map((c) => [c, { description: ERROR_DESCRIPTIONS[c] ?? 'error', schema: errorSchema }]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'bad request (invalid parameter, body or state)',
  401: 'missing or wrong bearer token (only when listening beyond loopback)',
  403: 'foreign Host or Origin header',
  404: 'no such route',
  405: 'method not allowed (see the Allow header)',
  409: 'conflicts with the current state',
  413: 'body larger than 64 KiB',
  415: 'body is not JSON',
};

/** Every route of the API. Errors 401/403/404/405 apply to every route. */
export const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/health',
    summary: 'Health, counters and lifecycle (flat and nested shapes)',
    responses: { 200: { description: 'health', schema: healthSchema } },
  },
  {
    method: 'POST',
    path: '/api/pause',
    summary: 'Pause generation (idempotent; survives a restart)',
    responses: { 200: { description: 'paused', schema: actionResultSchema }, ...errors(413, 415) },
  },
  {
    method: 'POST',
    path: '/api/resume',
    summary: 'Resume generation; after a clean, regenerates the baseline at once',
    responses: { 200: { description: 'running', schema: actionResultSchema }, ...errors(413, 415) },
  },
  {
    method: 'POST',
    path: '/api/clean',
    summary: 'Delete all generated data (only while paused)',
    responses: {
      200: { description: 'deleted', schema: cleanResultSchema },
      ...errors(400, 409, 413, 415),
    },
  },
  {
    method: 'GET',
    path: '/api/logs',
    summary: 'Structured log entries, newest first',
    query: {
      limit: 'clamped to 1..1000 (100 when absent or not a number); the response says which',
      level: {
        description: 'minimum level, in any case; warn, err and critical too',
        enum: LOG_LEVEL_NAMES.flatMap((name) => [name, name.toUpperCase()]),
      },
      since: {
        description:
          'cursor from nextSince, or any ISO-8601 time (a date alone, no zone = UTC): only entries strictly newer, oldest first up to limit',
        format: 'date-time',
      },
      before: {
        description: 'cursor from nextBefore, or any ISO-8601 time: only entries strictly older',
        format: 'date-time',
      },
    },
    responses: { 200: { description: 'a page of entries', schema: logPageSchema }, ...errors(400) },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'OpenAPI document' } },
  },
  {
    method: 'GET',
    path: '/api/presets',
    summary: 'The shipped presets with their key numbers',
    responses: { 200: { description: 'presets', schema: presetsSchema } },
  },
  {
    method: 'GET',
    path: '/api/config',
    summary: 'The config that runs now and any announced switch',
    responses: { 200: { description: 'config', schema: configViewSchema } },
  },
  {
    method: 'POST',
    path: '/api/config',
    summary:
      'Switch preset ({"preset"} or {"yaml"}); takes effect at the next interval as a new epoch',
    request: configRequestSchema,
    responses: {
      200: { description: 'applied or announced', schema: configResultSchema },
      400: { description: 'invalid config; nothing changed', schema: invalidConfigSchema },
      ...errors(413, 415),
    },
  },
  {
    method: 'GET',
    path: '/api/batches',
    summary: 'Recent driver batches (batch_meta.json), newest first',
    query: { limit: { description: 'default 50', integer: [1, 500] } },
    responses: { 200: { description: 'batches', schema: batchesSchema }, ...errors(400) },
  },
  {
    method: 'GET',
    path: '/api/batches/{id}',
    summary: 'One batch: its meta and the first lines of its files',
    query: { lines: { description: 'default 20', integer: [1, 200] } },
    responses: { 200: { description: 'batch', schema: batchDetailSchema }, ...errors(400) },
  },
  {
    method: 'GET',
    path: '/api/stream',
    summary: 'Server-Sent Events: health, batch, log, spark, backfill, pipeline',
    responses: { 200: { description: 'event stream', contentType: 'text/event-stream' } },
  },
  {
    method: 'GET',
    path: '/api/backfill',
    summary: 'Progress of the last backfill',
    responses: { 200: { description: 'status', schema: backfillViewSchema } },
  },
  {
    method: 'POST',
    path: '/api/backfill',
    summary: 'On a clean, paused dataset: start it at "from" and generate everything up to now',
    request: backfillRequestSchema,
    responses: {
      202: { description: 'started', schema: backfillStatusSchema },
      ...errors(400, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/backfill/cancel',
    summary: 'Stop a running backfill after the batch in flight (generation pauses)',
    responses: {
      200: { description: 'cancelling', schema: backfillViewSchema },
      ...errors(409, 413, 415),
    },
  },
  {
    method: 'GET',
    path: '/api/spark',
    summary:
      'Spark cluster: state, backend, master status (workers, cores, memory, applications), jobs, and which backends can run here',
    responses: { 200: { description: 'status', schema: sparkStatusSchema } },
  },
  {
    method: 'POST',
    path: '/api/spark/up',
    summary:
      'Start Spark: the compose stack when Docker is ready, else a local master and worker ({"backend"} forces one)',
    request: sparkUpRequestSchema,
    responses: {
      202: { description: 'starting', schema: sparkActionSchema },
      ...errors(400, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/spark/down',
    summary: 'Stop Spark (no process left behind)',
    responses: { 200: { description: 'stopped', schema: sparkActionSchema }, ...errors(413, 415) },
  },
  {
    method: 'POST',
    path: '/api/spark/restart',
    summary: 'Stop Spark and start it again with the same backend',
    responses: {
      202: { description: 'starting', schema: sparkActionSchema },
      ...errors(409, 413, 415),
    },
  },
  {
    method: 'GET',
    path: '/api/spark/logs',
    summary: 'Output of the Spark processes, compose and the jobs, newest first',
    query: { limit: { description: 'default 200', integer: [1, 1000] } },
    responses: { 200: { description: 'lines', schema: sparkLogsSchema }, ...errors(400) },
  },
  {
    method: 'POST',
    path: '/api/spark/jobs',
    summary:
      'Run the bronze, silver or gold job, or the streaming pipeline (one at a time), on the running cluster ({"job": "pipeline"})',
    request: sparkJobRequestSchema,
    responses: {
      202: { description: 'submitted', schema: sparkJobSchema },
      ...errors(400, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/spark/jobs/{id}/stop',
    summary:
      'Stop a running job: the pipeline finishes its micro-batches and resumes from its checkpoints next time; a batch job ends at once',
    responses: {
      202: { description: 'stopping', schema: sparkJobSchema },
      ...errors(400, 404, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/join',
    summary:
      "Join a class: make the dataset of the instructor's class code, caught up from its start, then live",
    request: joinRequestSchema,
    responses: {
      200: { description: 'joined', schema: joinResultSchema },
      ...errors(400, 409, 413, 415),
    },
  },
  {
    method: 'GET',
    path: '/api/recipe',
    summary:
      "The dataset's recipe.json (config, seed, start, company offset) to share; its class code in X-Class-Code",
    responses: {
      200: { description: 'recipe.json', contentType: 'application/json' },
      ...errors(409),
    },
  },
  {
    method: 'GET',
    path: '/api/answers',
    summary:
      'Answer key of the dataset, from the generator (not from Spark): lines, distinct valid events, defects by kind, gold totals, for the committed batches in [from, to)',
    query: {
      from: {
        description: 'batches whose interval starts at or after this ISO time (default: the first)',
        format: 'date-time',
      },
      to: {
        description: 'batches whose interval starts before this ISO time (default: all)',
        format: 'date-time',
      },
    },
    responses: {
      200: { description: 'summary', schema: answerSummarySchema },
      ...errors(400, 409),
    },
  },
  {
    method: 'GET',
    path: '/api/pipeline',
    summary:
      'The streaming pipeline (pipeline.py): rows and rates per layer, rules caught vs injected, freshness per batch',
    responses: { 200: { description: 'the pipeline', schema: pipelineViewSchema } },
  },
  {
    method: 'GET',
    path: '/api/exercises',
    summary:
      'The course: each exercise with whether its data is prepared and its last check passed',
    responses: { 200: { description: 'the course', schema: exercisesSchema } },
  },
  {
    method: 'GET',
    path: '/api/exercises/{id}',
    summary:
      'One exercise: its text, table, checks and hints, its data folder and starter notebook, and the last scorecard',
    responses: { 200: { description: 'the exercise', schema: exerciseViewSchema }, ...errors(404) },
  },
  {
    method: 'POST',
    path: '/api/exercises/{id}/prepare',
    summary:
      "Prepare data: generate the exercise's dataset (its preset, seed and range) in its own folder, and its starter notebook",
    responses: {
      200: { description: 'prepared', schema: exerciseViewSchema },
      ...errors(404, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/exercises/{id}/check',
    summary:
      "Check my answer: read the student's table with Spark and compare it with the answer key from the generator (takes seconds)",
    responses: {
      200: { description: 'the scorecard (passed or not)', schema: scorecardSchema },
      ...errors(404, 409, 413, 415),
    },
  },
  {
    method: 'POST',
    path: '/api/token/rotate',
    summary:
      'LAN mode (serve --host): a new access token, from the machine itself; earlier links and cookies stop working',
    responses: {
      200: { description: 'the new token and link', schema: tokenRotationSchema },
      ...errors(409),
    },
  },
];

/** Whether a concrete path matches a route path with `{param}` segments. */
export function routeMatches(routePath: string, path: string): boolean {
  const pattern = new RegExp(`^${routePath.replace(/\{\w+\}/g, '[^/]+')}$`);
  return pattern.test(path);
}

/**
 * A zod schema as JSON Schema for the document. Pairs of one type (`[min, max]`) are written
 * as arrays of two items rather than with `prefixItems`, which some OpenAPI tools (Schemathesis
 * among them) cannot read yet.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: js }) => {
      const items = js.prefixItems as unknown[] | undefined;
      if (!items || items.length === 0) return;
      const first = JSON.stringify(items[0]);
      if (!items.every((item) => JSON.stringify(item) === first)) return;
      delete js.prefixItems;
      js.items = items[0] as typeof js.items;
    },
  }) as Record<string, unknown>;
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const common = errors(401, 403, 404, 405);
  for (const route of ROUTES) {
    const responses = Object.fromEntries(
      Object.entries<ResponseSpec>({ ...common, ...route.responses }).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema
            ? {
                content: {
                  'application/json': {
                    schema: jsonSchema(r.schema, 'output'),
                  },
                },
              }
            : r.contentType
              ? { content: { [r.contentType]: {} } }
              : {}),
        },
      ]),
    );
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.query || route.path.includes('{')
        ? {
            parameters: [
              ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
                name,
                in: 'path',
                required: true,
                schema: { type: 'string' },
              })),
              ...Object.entries(route.query ?? {}).map(([name, spec]) => ({
                name,
                in: 'query',
                required: false,
                description: typeof spec === 'string' ? spec : spec.description,
                schema:
                  typeof spec === 'string'
                    ? { type: 'string' }
                    : 'integer' in spec
                      ? { type: 'integer', minimum: spec.integer[0], maximum: spec.integer[1] }
                      : 'enum' in spec
                        ? { type: 'string', enum: spec.enum }
                        : { type: 'string', format: spec.format },
                // A form may send `since=` empty: that is the same as not sending it.
                ...(typeof spec !== 'string' && 'format' in spec ? { allowEmptyValue: true } : {}),
              })),
            ],
          }
        : {}),
      ...(route.request
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: jsonSchema(route.request, 'input'),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Spark Experiments generator API',
      version,
      description:
        'Local control API of the synthetic fleet data generator. Listens on 127.0.0.1; a foreign Host or Origin is refused; POST bodies are JSON of at most 64 KiB. ' +
        'Pages on the exact origins given with `serve --allow-origin` get CORS headers, and their OPTIONS preflights get 204 on every path.',
    },
    paths,
  };
}
