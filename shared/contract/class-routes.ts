// The classroom's routes: joining a class, the recipe to share, answer keys, the pipeline's
// metrics, the course's exercises, and LAN token rotation.
import { z } from 'zod';
import {
  answerSummarySchema,
  joinRequestSchema,
  joinResultSchema,
  tokenRotationSchema,
} from '../api.ts';
import { exercisesSchema, exerciseViewSchema, scorecardSchema } from '../exercises.ts';
import { parseIsoMs } from '../iso-time.ts';
import { pipelineViewSchema } from '../pipeline.ts';
import { declareRoute, errors, json, jsonBody } from './declare.ts';

export const join = declareRoute({
  method: 'post',
  path: '/api/join',
  summary:
    "Join a class: make the dataset of the instructor's class code, caught up from its start, then live",
  request: {
    body: jsonBody(
      joinRequestSchema,
      'send {"code": "<the class code>"} (and "recipe" for a custom config)',
    ),
  },
  responses: { 200: json(joinResultSchema, 'joined'), ...errors(400, 409, 413, 415) },
});

export const recipe = declareRoute({
  method: 'get',
  path: '/api/recipe',
  summary:
    "The dataset's recipe.json (config, seed, start, company offset) to share; its class code in X-Class-Code",
  responses: {
    200: { description: 'recipe.json', content: { 'application/json': {} } },
    ...errors(409),
  },
});

/** An ISO time as seconds (rounded up), absent when empty, else `<name> (...) must be ...`. */
const isoSeconds = (name: 'from' | 'to', description: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      const ms = parseIsoMs(text);
      if (ms !== undefined) return Math.ceil(ms / 1000);
      ctx.addIssue({
        code: 'custom',
        message: `${name} (${text}) must be an ISO time, like 2024-01-01T00:00:00Z`,
      });
      return z.NEVER;
    })
    .meta({ description, type: 'string', format: 'date-time', allowEmptyValue: true });

export const answers = declareRoute({
  method: 'get',
  path: '/api/answers',
  summary:
    'Answer key of the dataset, from the generator (not from Spark): lines, distinct valid events, defects by kind, gold totals per true interval, and where the dataset has them late arrivals, rows dropped per watermark delay, the SCD2 company dimension and regional gold per local day, for the committed batches in [from, to)',
  request: {
    query: z.object({
      from: isoSeconds(
        'from',
        'batches whose interval starts at or after this ISO time (default: the first)',
      ),
      to: isoSeconds('to', 'batches whose interval starts before this ISO time (default: all)'),
    }),
  },
  responses: { 200: json(answerSummarySchema, 'summary'), ...errors(400, 409) },
});

export const pipeline = declareRoute({
  method: 'get',
  path: '/api/pipeline',
  summary:
    'The streaming pipeline (pipeline.py): rows and rates per layer, rules caught vs injected, freshness per batch',
  responses: { 200: json(pipelineViewSchema, 'the pipeline') },
});

export const exercises = declareRoute({
  method: 'get',
  path: '/api/exercises',
  summary: 'The course: each exercise with whether its data is prepared and its last check passed',
  responses: { 200: json(exercisesSchema, 'the course') },
});

const exerciseId = z.object({ id: z.string() });

export const exercise = declareRoute({
  method: 'get',
  path: '/api/exercises/{id}',
  summary:
    'One exercise: its text, table, checks and hints, its data folder and starter notebook, and the last scorecard',
  request: { params: exerciseId },
  responses: { 200: json(exerciseViewSchema, 'the exercise'), ...errors(404) },
});

export const prepareExercise = declareRoute({
  method: 'post',
  path: '/api/exercises/{id}/prepare',
  summary:
    "Prepare data: generate the exercise's dataset (its preset, seed and range) in its own folder, and its starter notebook",
  request: { params: exerciseId },
  responses: { 200: json(exerciseViewSchema, 'prepared'), ...errors(404, 409, 413, 415) },
});

export const checkExercise = declareRoute({
  method: 'post',
  path: '/api/exercises/{id}/check',
  summary:
    "Check my answer: read the student's table with Spark and compare it with the answer key from the generator (takes seconds)",
  request: { params: exerciseId },
  responses: {
    200: json(scorecardSchema, 'the scorecard (passed or not)'),
    ...errors(404, 409, 413, 415),
  },
});

export const releaseExercise = declareRoute({
  method: 'post',
  path: '/api/exercises/{id}/release',
  summary:
    "Release more data: write the second part of a two-part (streaming) exercise's dataset, [release.mid, to), into its folder, and the whole range's answer key; then restart the query from its checkpoint (409 when not prepared, already released, or one-part)",
  request: { params: exerciseId },
  responses: { 200: json(exerciseViewSchema, 'released'), ...errors(404, 409, 413, 415) },
});

export const revealHint = declareRoute({
  method: 'post',
  path: '/api/exercises/{id}/hints',
  summary:
    "Show a hint: count one more of the exercise's hints (idea, then API, then code) as revealed, kept in its folder and recorded in the next scorecard (409 when all are shown)",
  request: { params: exerciseId },
  responses: {
    200: json(exerciseViewSchema, 'the exercise, one more hint revealed'),
    ...errors(404, 409, 413, 415),
  },
});

export const rotateToken = declareRoute({
  method: 'post',
  path: '/api/token/rotate',
  summary:
    'LAN mode (serve --host): a new class token, from the machine itself or with the admin token; earlier links, cookies and their event streams stop working',
  responses: { 200: json(tokenRotationSchema, 'the new token and link'), ...errors(403, 409) },
});
