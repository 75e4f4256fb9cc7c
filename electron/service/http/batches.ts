// The committed driver batches: recent ones' batch_meta.json, and one with its first lines.
import { Hono } from 'hono';
import type { GeneratorService } from '../generator-service.ts';
import { fail, queryInt } from './respond.ts';

/** Mounted at /api/batches. */
export function batchRoutes(
  service: Pick<GeneratorService, 'recentBatches' | 'batchDetail'>,
): Hono {
  const routes = new Hono();

  routes.get('/', (c) => {
    const limit = queryInt(c, 'limit', 50, 1, 500);
    if (limit instanceof Response) return limit;
    return c.json({ batches: service.recentBatches(limit) });
  });

  routes.get('/:id', (c) => {
    const lines = queryInt(c, 'lines', 20, 1, 200);
    if (lines instanceof Response) return lines;
    const detail = service.batchDetail(c.req.param('id'), lines);
    if (!detail)
      return fail(
        c,
        404,
        'batch_not_found',
        `no committed batch ${c.req.param('id')}; list them with /api/batches`,
      );
    return c.json(detail);
  });

  return routes;
}
