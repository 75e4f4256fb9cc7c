// The generator's routes: health, pause / resume / clean (the seed document's, whose shapes
// scripts depend on), presets and config, logs, batches and backfill.
import { z } from 'zod';
import {
  actionResultSchema,
  backfillRequestSchema,
  backfillStatusSchema,
  backfillViewSchema,
  batchDetailSchema,
  batchesSchema,
  cleanRequestSchema,
  cleanResultSchema,
  configRequestSchema,
  configResultSchema,
  configViewSchema,
  healthSchema,
  invalidConfigSchema,
  logPageSchema,
  presetsSchema,
} from '../api.ts';
import { parseIsoMs } from '../iso-time.ts';
import { declareRoute, errors, intQuery, json, jsonBody } from './declare.ts';
import { logQuerySchema } from './log-query.ts';

export const health = declareRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Health, counters and lifecycle (flat and nested shapes)',
  responses: { 200: json(healthSchema, 'health') },
});

export const pause = declareRoute({
  method: 'post',
  path: '/api/pause',
  summary: 'Pause generation (idempotent; survives a restart)',
  responses: { 200: json(actionResultSchema, 'paused'), ...errors(413, 415) },
});

export const resume = declareRoute({
  method: 'post',
  path: '/api/resume',
  summary: 'Resume generation; after a clean, regenerates the baseline at once',
  responses: { 200: json(actionResultSchema, 'running'), ...errors(413, 415) },
});

export const clean = declareRoute({
  method: 'post',
  path: '/api/clean',
  summary:
    'Delete all generated data (only while paused); the class\'s results only with {"class_results": true}',
  request: {
    body: {
      required: false,
      description: 'no body, or {"class_results": true} to delete the class\'s results too',
      content: { 'application/json': { schema: cleanRequestSchema } },
    },
  },
  responses: { 200: json(cleanResultSchema, 'deleted'), ...errors(400, 409, 413, 415) },
});

export const logs = declareRoute({
  method: 'get',
  path: '/api/logs',
  summary: 'Structured log entries, newest first',
  request: { query: logQuerySchema },
  responses: { 200: json(logPageSchema, 'a page of entries'), ...errors(400) },
});

export const presets = declareRoute({
  method: 'get',
  path: '/api/presets',
  summary: 'The shipped presets with their key numbers',
  responses: { 200: json(presetsSchema, 'presets') },
});

export const config = declareRoute({
  method: 'get',
  path: '/api/config',
  summary: 'The config that runs now and any announced switch',
  responses: { 200: json(configViewSchema, 'config') },
});

export const setConfig = declareRoute({
  method: 'post',
  path: '/api/config',
  summary:
    'Switch preset ({"preset"} or {"yaml"}); takes effect at the next interval as a new epoch',
  request: {
    body: jsonBody(configRequestSchema, 'send {"preset": "<name>"} or {"yaml": "<preset text>"}'),
  },
  responses: {
    200: json(configResultSchema, 'applied or announced'),
    400: json(invalidConfigSchema, 'invalid config; nothing changed'),
    ...errors(413, 415),
  },
});

export const batches = declareRoute({
  method: 'get',
  path: '/api/batches',
  summary: 'Recent driver batches (batch_meta.json), newest first',
  request: { query: z.object({ limit: intQuery('limit', 50, 1, 500) }) },
  responses: { 200: json(batchesSchema, 'batches'), ...errors(400) },
});

export const batch = declareRoute({
  method: 'get',
  path: '/api/batches/{id}',
  summary: 'One batch: its meta and the first lines of its files',
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({ lines: intQuery('lines', 20, 1, 200) }),
  },
  responses: { 200: json(batchDetailSchema, 'batch'), ...errors(400, 404) },
});

export const backfillState = declareRoute({
  method: 'get',
  path: '/api/backfill',
  summary: 'Progress of the last backfill',
  responses: { 200: json(backfillViewSchema, 'status') },
});

export const backfill = declareRoute({
  method: 'post',
  path: '/api/backfill',
  summary: 'On a clean, paused dataset: start it at "from" and generate everything up to now',
  request: {
    body: jsonBody(
      // A time the server cannot read is refused like a missing one.
      backfillRequestSchema.refine((r) => parseIsoMs(r.from) !== undefined),
      'send {"from": "<ISO time>"}, e.g. {"from": "2024-01-01T00:00:00Z"}',
    ),
  },
  responses: { 202: json(backfillStatusSchema, 'started'), ...errors(400, 409, 413, 415) },
});

export const cancelBackfill = declareRoute({
  method: 'post',
  path: '/api/backfill/cancel',
  summary: 'Stop a running backfill after the batch in flight (generation pauses)',
  responses: { 200: json(backfillViewSchema, 'cancelling'), ...errors(409, 413, 415) },
});
