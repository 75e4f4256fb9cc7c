// Backfill: on a clean, paused dataset, start it in the past and produce everything up to now
// at full speed. Starting answers 202 at once; progress comes from GET and the SSE stream.
import { routes } from '../../../shared/contract/index.ts';
import { parseIsoMs } from '../../../shared/iso-time.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { declaredRoutes } from './declared.ts';

export function backfillRoutes(
  service: Pick<GeneratorService, 'backfill' | 'cancelBackfill' | 'backfillState'>,
) {
  return declaredRoutes()
    .openapi(routes.backfillState, (c) => c.json({ backfill: service.backfillState }, 200))
    .openapi(routes.backfill, async (c) => {
      // The declaration refused a time that does not parse.
      const from = parseIsoMs(c.req.valid('json').from) as number;
      return c.json(await service.backfill(from), 202);
    })
    .openapi(routes.cancelBackfill, (c) => c.json({ backfill: service.cancelBackfill() }, 200));
}
