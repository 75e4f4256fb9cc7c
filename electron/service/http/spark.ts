// The Spark cluster: its status, start / stop / restart, its output, and the medallion jobs.
import { routes } from '../../../shared/contract/index.ts';
import type { SparkController } from '../spark/spark-controller.ts';
import { declaredRoutes } from './declared.ts';
import type { NotebookControl } from './notebooks.ts';

/** What the API needs of the Spark controller (tests give it a fake). */
export type SparkControl = Pick<
  SparkController,
  'events' | 'status' | 'backends' | 'up' | 'down' | 'restart' | 'logs' | 'submit' | 'stopJob'
>;

type Backends = Awaited<ReturnType<SparkControl['backends']>>;

/** The status the panel shows, for both GET /api/spark and the stream's `spark` events. */
export interface SparkStatusReader {
  read(): Promise<
    Awaited<ReturnType<SparkControl['status']>> & {
      backends: Backends;
      notebook: Awaited<ReturnType<NotebookControl['status']>>;
    }
  >;
  /** Starting or restarting may change what can run: detect again on the next read. */
  forget(): void;
}

export function sparkStatusReader(
  spark: SparkControl,
  notebook: Pick<NotebookControl, 'status'>,
): SparkStatusReader {
  let backends: { at: number; value: Backends } | undefined;
  return {
    async read() {
      // Docker detection runs the CLI: reuse it for a few seconds.
      if (!backends || Date.now() - backends.at > 10_000)
        backends = { at: Date.now(), value: await spark.backends() };
      const status = await spark.status();
      // The notebook service's container, with the Docker backend: it tells starting apart.
      const container = status.services.find((s) => s.service === 'notebook');
      return { ...status, backends: backends.value, notebook: await notebook.status(container) };
    },
    forget() {
      backends = undefined;
    },
  };
}

export function sparkRoutes(spark: SparkControl, status: SparkStatusReader) {
  return declaredRoutes()
    .openapi(routes.spark, async (c) => c.json(await status.read(), 200))
    .openapi(routes.sparkUp, async (c) => {
      status.forget();
      return c.json(await spark.up(c.req.valid('json').backend), 202);
    })
    .openapi(routes.sparkDown, async (c) => c.json(await spark.down(), 200))
    .openapi(routes.sparkRestart, async (c) => {
      status.forget();
      return c.json(await spark.restart(), 202);
    })
    .openapi(routes.sparkLogs, (c) =>
      c.json({ lines: spark.logs(c.req.valid('query').limit) }, 200),
    )
    .openapi(routes.sparkJob, async (c) => c.json(await spark.submit(c.req.valid('json').job), 202))
    .openapi(routes.stopSparkJob, (c) => c.json(spark.stopJob(c.req.valid('param').id), 202));
}
