// Every route of the HTTP API, each declared once (see declare.ts), and the events of its
// stream. The server mounts exactly these (app.test.ts checks both ways).
import type { RouteConfig } from '@hono/zod-openapi';
import * as classResultsRoutes from './class-results-routes.ts';
import * as classRoutes from './class-routes.ts';
import * as doctorRoutes from './doctor-routes.ts';
import * as generatorRoutes from './generator-routes.ts';
import * as notebookRoutes from './notebook-routes.ts';
import * as pythonRoutes from './python-routes.ts';
import * as siteRoutes from './site-routes.ts';
import * as sparkRoutes from './spark-routes.ts';

/** Every declaration, in the order of the document (a handler names its route from here). */
export const routes = {
  health: generatorRoutes.health,
  pause: generatorRoutes.pause,
  resume: generatorRoutes.resume,
  clean: generatorRoutes.clean,
  logs: generatorRoutes.logs,
  openapi: siteRoutes.openapi,
  presets: generatorRoutes.presets,
  config: generatorRoutes.config,
  setConfig: generatorRoutes.setConfig,
  batches: generatorRoutes.batches,
  batch: generatorRoutes.batch,
  stream: siteRoutes.stream,
  backfillState: generatorRoutes.backfillState,
  backfill: generatorRoutes.backfill,
  cancelBackfill: generatorRoutes.cancelBackfill,
  spark: sparkRoutes.spark,
  sparkUp: sparkRoutes.sparkUp,
  sparkDown: sparkRoutes.sparkDown,
  sparkRestart: sparkRoutes.sparkRestart,
  sparkLogs: sparkRoutes.sparkLogs,
  sparkJob: sparkRoutes.sparkJob,
  stopSparkJob: sparkRoutes.stopSparkJob,
  pythonSetup: pythonRoutes.pythonSetup,
  startPythonSetup: pythonRoutes.startPythonSetup,
  join: classRoutes.join,
  recipe: classRoutes.recipe,
  answers: classRoutes.answers,
  pipeline: classRoutes.pipeline,
  exercises: classRoutes.exercises,
  exercise: classRoutes.exercise,
  prepareExercise: classRoutes.prepareExercise,
  checkExercise: classRoutes.checkExercise,
  releaseExercise: classRoutes.releaseExercise,
  revealHint: classRoutes.revealHint,
  openNotebook: notebookRoutes.openNotebook,
  rotateToken: classRoutes.rotateToken,
  classResults: classResultsRoutes.classResults,
  collectResults: classResultsRoutes.collectResults,
  reportResult: classResultsRoutes.reportResult,
  reporting: classResultsRoutes.reporting,
  startReporting: classResultsRoutes.startReporting,
  stopReporting: classResultsRoutes.stopReporting,
  doctor: doctorRoutes.doctor,
};

export const ROUTES: readonly RouteConfig[] = Object.values(routes);

/** The one change the class link may make: a student's app reporting with the class token. */
export const CLASS_TOKEN_WRITES: ReadonlySet<string> = new Set([routes.reportResult.path]);

/** The concrete paths a route path with `{param}` segments stands for. */
export function routePattern(routePath: string): RegExp {
  return new RegExp(`^${routePath.replace(/\{\w+\}/g, '[^/]+')}$`);
}

/** Whether a concrete path matches a route path with `{param}` segments. */
export function routeMatches(routePath: string, path: string): boolean {
  return routePattern(routePath).test(path);
}
