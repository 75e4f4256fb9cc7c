// The local HTTP API on Hono (docs/api.md), one
// module per resource. The security rules are installed first, so they run before any route
// and a refused request changes nothing. Each route is declared once in shared/contract/,
// which the modules mount and the OpenAPI document is made from (app.test.ts checks both ways).
import { Hono } from 'hono';
import type { DoctorReport } from '../../../shared/api.ts';
import type { ClassResults, ReportingSetup } from '../class-results/class-results.ts';
import type { Course } from '../classroom/exercises.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import type { PipelineMetrics } from '../pipeline/pipeline-view.ts';
import type { PythonSetupRunner } from '../python/setup-runner.ts';
import { tellAccess } from './access.ts';
import type { AccessToken } from './access-token.ts';
import { answerRoutes } from './answers.ts';
import { backfillRoutes } from './backfill.ts';
import { batchRoutes } from './batches.ts';
import { classResultsRoutes } from './class-results.ts';
import { readJsonBodies } from './declared.ts';
import { doctorRoutes } from './doctor.ts';
import { exerciseRoutes } from './exercises.ts';
import { generatorRoutes } from './generator.ts';
import { joinRoutes, recipeRoutes } from './join.ts';
import { logRoutes } from './logs.ts';
import { type NotebookControl, notebookRoutes } from './notebooks.ts';
import { pipelineRoutes } from './pipeline.ts';
import { pythonRoutes } from './python.ts';
import { answerErrors } from './respond.ts';
import { jsonBodiesOnly, refuseForeignRequests } from './security.ts';
import { answerUnknownRoute, openApiRoutes, uiRoutes } from './site.ts';
import { type SparkControl, sparkRoutes, sparkStatusReader } from './spark.ts';
import { StreamHub, streamRoutes } from './stream.ts';
import { tokenRoutes } from './token.ts';

export { BODY_LIMIT_BYTES } from './security.ts';
export { UI_CSP } from './site.ts';

/** What the routes serve: host.ts builds them (a test may hand in its own). */
export interface ApiParts {
  service: GeneratorService;
  spark: SparkControl;
  course: Course;
  pipeline: PipelineMetrics;
  presetsDir: string;
  /** The set-up of the app's own Python. */
  python: PythonSetupRunner;
  /** The setup doctor for this data folder and Spark's ports (host.ts). */
  doctor: () => Promise<DoctorReport>;
  notebook: NotebookControl;
  /** The instructor's side of the class's results (Collect results, the grid). */
  classResults: ClassResults;
  /** The student's side: where this app's check summaries go. */
  reporting: ReportingSetup;
}

export interface ApiOptions {
  parts: ApiParts;
  port: number;
  /** Folder with the built dashboard (index.html); served at / when present. */
  uiDir?: string;
  /** LAN mode: the access token every request needs (header or cookie). */
  token?: AccessToken | undefined;
  /** LAN mode: the instructor's token, which may change state from another machine. */
  adminToken?: AccessToken | undefined;
  /** The address the class opens in LAN mode (shown by token rotation). */
  shareBase?: string | undefined;
  /** Exact origins answered with CORS (`serve --allow-origin`). */
  allowedOrigins?: readonly string[] | undefined;
}

export function createApi(options: ApiOptions): Hono {
  const { service, spark, course, pipeline, presetsDir, notebook, classResults, reporting } =
    options.parts;
  const sparkStatus = sparkStatusReader(spark, notebook);
  const app = new Hono();
  app.onError(answerErrors(service.log));

  app.use('*', refuseForeignRequests(options));
  app.use('/api/*', jsonBodiesOnly());
  app.use('/api/health', tellAccess());
  app.use('/api/*', readJsonBodies());

  // The declared routes carry their whole paths.
  app.route('/', generatorRoutes(service, presetsDir, classResults));
  app.route('/', logRoutes(service));
  app.route('/', batchRoutes(service));
  app.route('/', backfillRoutes(service));
  app.route('/', sparkRoutes(spark, sparkStatus));
  const hub = new StreamHub(service, spark, sparkStatus, pipeline, { classResults, reporting });
  // A rotated token shuts out the streams the old link let in, not just new requests.
  options.token?.onRotate(() => hub.closeClassStreams());
  app.route('/', streamRoutes(service, hub));
  app.route('/', tokenRoutes(options.token, options.shareBase, service.log));
  app.route(
    '/',
    classResultsRoutes({
      results: classResults,
      reporting,
      token: options.token,
      adminToken: options.adminToken,
      shareBase: options.shareBase,
    }),
  );
  app.route('/', joinRoutes(service, presetsDir));
  app.route('/', recipeRoutes(service));
  app.route('/', answerRoutes(service));
  app.route('/', pipelineRoutes(pipeline));
  app.route('/', exerciseRoutes(course));
  app.route('/', pythonRoutes(options.parts.python));
  app.route('/', doctorRoutes(options.parts.doctor));
  app.route('/', notebookRoutes(course, notebook));
  app.route('/', openApiRoutes(course.exercises.map((e) => e.id)));
  app.route('/', uiRoutes(options.uiDir));
  app.notFound(answerUnknownRoute);

  return app;
}
