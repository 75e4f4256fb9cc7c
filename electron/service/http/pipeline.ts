// GET /api/pipeline: the streaming pipeline's progress, rules and freshness (README: The
// streaming pipeline), from the metrics it writes under lake/_pipeline/.
import { Hono } from 'hono';
import type { PipelineMetrics } from '../pipeline-view.ts';

/** Mounted at /api/pipeline. */
export function pipelineRoutes(metrics: PipelineMetrics): Hono {
  return new Hono().get('/', (c) => c.json(metrics.view()));
}
