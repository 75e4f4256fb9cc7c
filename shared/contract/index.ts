// Every route of the HTTP API, each declared once (see declare.ts), and the events of its
// stream. The server mounts exactly these (app.test.ts checks both ways).
import type { RouteConfig } from '@hono/zod-openapi';
import * as classRoutes from './class-routes.ts';
import * as generatorRoutes from './generator-routes.ts';
import * as siteRoutes from './site-routes.ts';
import * as sparkRoutes from './spark-routes.ts';

export const routes = { ...generatorRoutes, ...sparkRoutes, ...classRoutes, ...siteRoutes };

export const ROUTES: readonly RouteConfig[] = Object.values(routes);

/** Whether a concrete path matches a route path with `{param}` segments. */
export function routeMatches(routePath: string, path: string): boolean {
  const pattern = new RegExp(`^${routePath.replace(/\{\w+\}/g, '[^/]+')}$`);
  return pattern.test(path);
}
