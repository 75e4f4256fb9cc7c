// GET /api/pipeline: the streaming pipeline's progress, rules and freshness (README: The
// streaming pipeline), from the metrics it writes under lake/_pipeline/.
import { Hono } from 'hono';
import type { GeneratorService } from '../generator-service.ts';
import { PipelineMetrics } from '../pipeline-view.ts';

/** Mounted at /api/pipeline. */
export function pipelineRoutes(service: Pick<GeneratorService, 'dataDir'>): Hono {
  const metrics = new PipelineMetrics(service.dataDir);
  return new Hono().get('/', (c) => c.json(metrics.view()));
}
