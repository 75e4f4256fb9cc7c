// Backfill: on a clean, paused dataset, start it in the past and produce everything up to now
// at full speed. Starting answers 202 at once; progress comes from GET and the SSE stream.
import { Hono } from 'hono';
import { backfillRequestSchema } from '../../../shared/api.ts';
import { parseIsoMs } from '../../../shared/iso-time.ts';
import type { GeneratorService } from '../generator-service.ts';
import { fail, readJson } from './respond.ts';

/** Mounted at /api/backfill. */
export function backfillRoutes(
  service: Pick<GeneratorService, 'backfill' | 'cancelBackfill' | 'backfillState'>,
): Hono {
  const routes = new Hono();

  routes.get('/', (c) => c.json({ backfill: service.backfillState }));

  routes.post('/', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = backfillRequestSchema.safeParse(body);
    const from = request.success ? (parseIsoMs(request.data.from) ?? Number.NaN) : Number.NaN;
    if (!request.success || Number.isNaN(from)) {
      return fail(
        c,
        400,
        'invalid_request',
        'send {"from": "<ISO time>"}, e.g. {"from": "2024-01-01T00:00:00Z"}',
      );
    }
    return c.json(await service.backfill(from), 202);
  });

  routes.post('/cancel', (c) => c.json({ backfill: service.cancelBackfill() }));

  return routes;
}
