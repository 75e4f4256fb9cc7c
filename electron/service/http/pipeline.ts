// GET /api/pipeline: the streaming pipeline's progress, rules and freshness (docs/pipeline.md),
// from the metrics it writes under lake/_pipeline/.
import { routes } from '../../../shared/contract/index.ts';
import type { PipelineMetrics } from '../pipeline/pipeline-view.ts';
import { declaredRoutes } from './declared.ts';

export function pipelineRoutes(metrics: PipelineMetrics) {
  return declaredRoutes().openapi(routes.pipeline, (c) => c.json(metrics.view(), 200));
}
