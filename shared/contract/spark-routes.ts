// The Spark cluster's routes: status, start / stop / restart, output, and the jobs.
import { z } from 'zod';
import {
  sparkActionSchema,
  sparkJobRequestSchema,
  sparkJobSchema,
  sparkLogsSchema,
  sparkStatusSchema,
  sparkUpRequestSchema,
} from '../api.ts';
import { declareRoute, errors, intQuery, json, jsonBody } from './declare.ts';

export const spark = declareRoute({
  method: 'get',
  path: '/api/spark',
  summary:
    'Spark cluster: state, backend, master status (workers, cores, memory, applications), jobs, and which backends can run here',
  responses: { 200: json(sparkStatusSchema, 'status') },
});

export const sparkUp = declareRoute({
  method: 'post',
  path: '/api/spark/up',
  summary:
    'Start Spark: the compose stack when Docker is ready, else a local master and worker ({"backend"} forces one)',
  request: { body: jsonBody(sparkUpRequestSchema, 'send {} or {"backend": "docker" | "local"}') },
  responses: { 202: json(sparkActionSchema, 'starting'), ...errors(400, 409, 413, 415) },
});

export const sparkDown = declareRoute({
  method: 'post',
  path: '/api/spark/down',
  summary: 'Stop Spark (no process left behind)',
  responses: { 200: json(sparkActionSchema, 'stopped'), ...errors(413, 415) },
});

export const sparkRestart = declareRoute({
  method: 'post',
  path: '/api/spark/restart',
  summary: 'Stop Spark and start it again with the same backend',
  responses: { 202: json(sparkActionSchema, 'starting'), ...errors(409, 413, 415) },
});

export const sparkLogs = declareRoute({
  method: 'get',
  path: '/api/spark/logs',
  summary: 'Output of the Spark processes, compose and the jobs, newest first',
  request: { query: z.object({ limit: intQuery('limit', 200, 1, 1000) }) },
  responses: { 200: json(sparkLogsSchema, 'lines'), ...errors(400) },
});

export const sparkJob = declareRoute({
  method: 'post',
  path: '/api/spark/jobs',
  summary:
    'Run the bronze, silver or gold job, or the streaming pipeline (one at a time), on the running cluster ({"job": "pipeline"})',
  request: {
    body: jsonBody(
      sparkJobRequestSchema,
      'send {"job": "bronze" | "silver" | "gold" | "pipeline"}',
    ),
  },
  responses: { 202: json(sparkJobSchema, 'submitted'), ...errors(400, 409, 413, 415) },
});

const jobId = z
  .string()
  .transform((text, ctx) => {
    const id = Number(text);
    if (Number.isSafeInteger(id) && id >= 1) return id;
    ctx.addIssue({ code: 'custom', message: 'the job id is a positive whole number' });
    return z.NEVER;
  })
  .meta({ type: 'string' });

export const stopSparkJob = declareRoute({
  method: 'post',
  path: '/api/spark/jobs/{id}/stop',
  summary:
    'Stop a running job: the pipeline finishes its micro-batches and resumes from its checkpoints next time; a batch job ends at once',
  request: { params: z.object({ id: jobId }) },
  responses: { 202: json(sparkJobSchema, 'stopping'), ...errors(400, 404, 409, 413, 415) },
});
