// The route table of the HTTP API and the OpenAPI 3.1 document generated from it and from
// the schemas in api.ts: the server mounts exactly these routes (a test checks both ways).
import { z } from 'zod';
import {
  actionResultSchema,
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
  logPageSchema,
  presetsSchema,
  sparkActionSchema,
  sparkJobRequestSchema,
  sparkJobSchema,
  sparkLogsSchema,
  sparkStatusSchema,
  sparkUpRequestSchema,
} from './api.ts';

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  request?: z.ZodType;
  query?: Record<string, string>;
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
      level: 'minimum level: debug|info|warning|error, any case; warn, err, critical too',
      since:
        'cursor from nextSince, or any ISO-8601 time: only entries strictly newer, oldest first up to limit',
      before: 'cursor from nextBefore, or any ISO-8601 time: only entries strictly older',
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
    query: { limit: '1..500, default 50' },
    responses: { 200: { description: 'batches', schema: batchesSchema }, ...errors(400) },
  },
  {
    method: 'GET',
    path: '/api/batches/{id}',
    summary: 'One batch: its meta and the first lines of its files',
    query: { lines: '1..200, default 20' },
    responses: { 200: { description: 'batch', schema: batchDetailSchema }, ...errors(400) },
  },
  {
    method: 'GET',
    path: '/api/stream',
    summary: 'Server-Sent Events: health, batch, log, spark, backfill',
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
    query: { limit: '1..1000, default 200' },
    responses: { 200: { description: 'lines', schema: sparkLogsSchema }, ...errors(400) },
  },
  {
    method: 'POST',
    path: '/api/spark/jobs',
    summary: 'Run the bronze, silver or gold job on the running cluster ({"job": "bronze"})',
    request: sparkJobRequestSchema,
    responses: {
      202: { description: 'submitted', schema: sparkJobSchema },
      ...errors(400, 409, 413, 415),
    },
  },
];

/** Whether a concrete path matches a route path with `{param}` segments. */
export function routeMatches(routePath: string, path: string): boolean {
  const pattern = new RegExp(`^${routePath.replace(/\{\w+\}/g, '[^/]+')}$`);
  return pattern.test(path);
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
                    schema: z.toJSONSchema(r.schema, { io: 'output', unrepresentable: 'any' }),
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
      ...(route.query
        ? {
            parameters: Object.entries(route.query).map(([name, description]) => ({
              name,
              in: 'query',
              required: false,
              description,
              schema: { type: 'string' },
            })),
          }
        : {}),
      ...(route.request
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' }),
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
