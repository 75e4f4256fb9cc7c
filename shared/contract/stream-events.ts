// The events of GET /api/stream, each with the schema of its data: the server's hub sends
// only these, and the renderer's stream client hands them on typed.
import type { z } from 'zod';
import {
  backfillStatusSchema,
  batchMetaSchema,
  classResultsEventSchema,
  healthSchema,
  logEntrySchema,
  reportingStateSchema,
  sparkStatusSchema,
} from '../api.ts';
import { pipelineViewSchema } from '../pipeline.ts';

export const STREAM_EVENTS = {
  health: healthSchema,
  batch: batchMetaSchema,
  log: logEntrySchema,
  spark: sparkStatusSchema,
  backfill: backfillStatusSchema,
  pipeline: pipelineViewSchema,
  /** The instructor's grid: changed rows, at most once a second (never to the class link). */
  class_results: classResultsEventSchema,
  /** This app as a student: how its last report went (never to the class link). */
  class_reporting: reportingStateSchema,
} as const;

export type StreamEventName = keyof typeof STREAM_EVENTS;
export type StreamEventData<K extends StreamEventName> = z.infer<(typeof STREAM_EVENTS)[K]>;
/** One event as a client receives it: its name and its data. */
export type StreamEvent = {
  [K in StreamEventName]: { type: K; data: StreamEventData<K> };
}[StreamEventName];

export const STREAM_EVENT_NAMES = Object.keys(STREAM_EVENTS) as StreamEventName[];
