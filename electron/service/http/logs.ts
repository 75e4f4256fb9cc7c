// GET /api/logs: pages of structured log entries, newest first. Its query (limits, levels,
// cursors) is read by the declaration in shared/contract/log-query.ts.
import { routes } from '../../../shared/contract/index.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { declaredRoutes } from './declared.ts';

export { LOG_LIMIT, logLimit } from '../../../shared/contract/log-query.ts';

export function logRoutes(service: Pick<GeneratorService, 'logs'>) {
  return declaredRoutes().openapi(routes.logs, (c) => {
    const { limit, level, since, before } = c.req.valid('query');
    return c.json({ ...service.logs.query({ limit, since, before, level }), limit }, 200);
  });
}
