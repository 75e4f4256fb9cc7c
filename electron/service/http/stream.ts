// GET /api/stream: Server-Sent Events for the dashboard (health, batch, log, backfill, spark),
// the only live feed it has, so polling is never needed.
import { setTimeout as wait } from 'node:timers/promises';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { GeneratorService } from '../generator-service.ts';
import type { SparkControl, SparkStatusReader } from './spark.ts';

/** A health event at least this often, which also notices a client that went away. */
const KEEP_ALIVE_MS = 15_000;
/** Health events within this window are sent as one (a catch-up commits many batches). */
const HEALTH_COALESCE_MS = 100;

/** Mounted at /api/stream. */
export function streamRoutes(
  service: Pick<GeneratorService, 'events' | 'health'>,
  spark: Pick<SparkControl, 'events'>,
  sparkStatus: SparkStatusReader,
): Hono {
  return new Hono().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let id = 0;
      const send = (event: string, data: unknown) =>
        stream
          .writeSSE({ event, data: JSON.stringify(data), id: String(++id) })
          .catch(() => undefined);
      const onBatch = (meta: unknown) => send('batch', meta);
      const onLog = (entry: unknown) => send('log', entry);
      const onBackfill = (status: unknown) => send('backfill', status);
      const onSpark = () => {
        void sparkStatus.read().then((status) => send('spark', status));
      };
      let healthTimer: NodeJS.Timeout | undefined;
      const onHealth = () => {
        if (healthTimer) return;
        healthTimer = setTimeout(() => {
          healthTimer = undefined;
          send('health', service.health());
        }, HEALTH_COALESCE_MS);
      };
      service.events.on('batch', onBatch);
      service.events.on('log', onLog);
      service.events.on('backfill', onBackfill);
      service.events.on('health', onHealth);
      spark.events.on('change', onSpark);
      const release = () => {
        service.events.off('batch', onBatch);
        service.events.off('log', onLog);
        service.events.off('backfill', onBackfill);
        service.events.off('health', onHealth);
        spark.events.off('change', onSpark);
        clearTimeout(healthTimer);
      };
      // A client that went away lets go of the service now, not at the next keep-alive.
      const gone = new AbortController();
      stream.onAbort(() => {
        release();
        gone.abort();
      });
      await send('health', service.health());
      try {
        while (!stream.aborted && !stream.closed) {
          await wait(KEEP_ALIVE_MS, undefined, { signal: gone.signal }).catch(() => undefined);
          if (!stream.aborted) await send('health', service.health());
        }
      } finally {
        release();
      }
    }),
  );
}
