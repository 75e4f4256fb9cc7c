// The Spark cluster: its status, start / stop / restart, its output, and the medallion jobs.
import { Hono } from 'hono';
import { sparkJobRequestSchema, sparkUpRequestSchema } from '../../../shared/api.ts';
import type { SparkController } from '../spark/spark-controller.ts';
import { fail, queryInt, readJson } from './respond.ts';

/** What the API needs of the Spark controller (tests give it a fake). */
export type SparkControl = Pick<
  SparkController,
  'events' | 'status' | 'backends' | 'up' | 'down' | 'restart' | 'logs' | 'submit' | 'stopJob'
>;

type Backends = Awaited<ReturnType<SparkControl['backends']>>;

/** The status the panel shows, for both GET /api/spark and the stream's `spark` events. */
export interface SparkStatusReader {
  read(): Promise<Awaited<ReturnType<SparkControl['status']>> & { backends: Backends }>;
  /** Starting or restarting may change what can run: detect again on the next read. */
  forget(): void;
}

export function sparkStatusReader(spark: SparkControl): SparkStatusReader {
  let backends: { at: number; value: Backends } | undefined;
  return {
    async read() {
      // Docker detection runs the CLI: reuse it for a few seconds.
      if (!backends || Date.now() - backends.at > 10_000)
        backends = { at: Date.now(), value: await spark.backends() };
      return { ...(await spark.status()), backends: backends.value };
    },
    forget() {
      backends = undefined;
    },
  };
}

/** Mounted at /api/spark. */
export function sparkRoutes(spark: SparkControl, status: SparkStatusReader): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => c.json(await status.read()));

  routes.post('/up', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = sparkUpRequestSchema.safeParse(body);
    if (!request.success)
      return fail(c, 400, 'invalid_request', 'send {} or {"backend": "docker" | "local"}');
    status.forget();
    return c.json(await spark.up(request.data.backend), 202);
  });

  routes.post('/down', async (c) => c.json(await spark.down()));

  routes.post('/restart', async (c) => {
    status.forget();
    return c.json(await spark.restart(), 202);
  });

  routes.get('/logs', (c) => {
    const limit = queryInt(c, 'limit', 200, 1, 1000);
    if (limit instanceof Response) return limit;
    return c.json({ lines: spark.logs(limit) });
  });

  routes.post('/jobs', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = sparkJobRequestSchema.safeParse(body);
    if (!request.success)
      return fail(
        c,
        400,
        'invalid_request',
        'send {"job": "bronze" | "silver" | "gold" | "pipeline"}',
      );
    return c.json(await spark.submit(request.data.job), 202);
  });

  routes.post('/jobs/:id/stop', (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id < 1)
      return fail(c, 400, 'invalid_request', 'the job id is a positive whole number');
    return c.json(spark.stopJob(id), 202);
  });

  return routes;
}
