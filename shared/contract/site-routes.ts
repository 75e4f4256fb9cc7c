// The routes that serve no resource of the generator: this document and the event stream.
import { declareRoute, errors } from './declare.ts';

export const openapi = declareRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document (OpenAPI 3.1)',
  responses: { 200: { description: 'OpenAPI document' } },
});

export const stream = declareRoute({
  method: 'get',
  path: '/api/stream',
  summary:
    'Server-Sent Events: health, batch, log, spark, backfill, pipeline, class_results, class_reporting',
  responses: {
    200: { description: 'event stream', content: { 'text/event-stream': {} } },
    ...errors(503),
  },
});
