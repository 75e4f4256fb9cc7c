// The committed driver batches: recent ones' batch_meta.json, and one with its first lines.
import { routes } from '../../../shared/contract/index.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

export function batchRoutes(service: Pick<GeneratorService, 'recentBatches' | 'batchDetail'>) {
  return declaredRoutes()
    .openapi(routes.batches, (c) =>
      c.json({ batches: service.recentBatches(c.req.valid('query').limit) }, 200),
    )
    .openapi(routes.batch, (c) => {
      const { id } = c.req.valid('param');
      const detail = service.batchDetail(id, c.req.valid('query').lines);
      if (!detail)
        return fail(
          c,
          404,
          'batch_not_found',
          `no committed batch ${id}; list them with /api/batches`,
        );
      return c.json(detail, 200);
    });
}
