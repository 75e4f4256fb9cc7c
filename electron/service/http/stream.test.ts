// GET /api/stream in-process: what the dashboard's SSE client gets, and that a client that
// goes away releases its listeners at once.
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backfillStatusSchema,
  backfillViewSchema,
  batchMetaSchema,
  healthSchema,
  logEntrySchema,
  sparkStatusSchema,
} from '../../../shared/api.ts';
import { pipelineViewSchema } from '../../../shared/pipeline.ts';
import { parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';
import { MAX_STREAM_CLIENTS } from './stream.ts';

interface SseEvent {
  event: string;
  id: string;
  data: unknown;
}

async function openStream(api: InProcessApi) {
  const response = await api.app.request('/api/stream', {
    headers: { host: `127.0.0.1:${api.port}` },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** Every event read so far, in order. */
  const received: SseEvent[] = [];
  const next = async (): Promise<SseEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const fields = new Map(
          buffer
            .slice(0, end)
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        buffer = buffer.slice(end + 2);
        const event = {
          event: fields.get('event') ?? '',
          id: fields.get('id') ?? '',
          data: JSON.parse(fields.get('data') ?? 'null'),
        };
        received.push(event);
        return event;
      }
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  /** The next event of this type, skipping others. */
  const nextOf = async (event: string): Promise<SseEvent> => {
    for (;;) {
      const e = await next();
      if (e.event === event) return e;
    }
  };
  return { response, received, next, nextOf, close: () => reader.cancel() };
}

/** A full garbage collection, so heap figures show what is kept, not what is left over. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const listenerCounts = (api: InProcessApi) => ({
  batch: api.service.events.listenerCount('batch'),
  log: api.service.events.listenerCount('log'),
  backfill: api.service.events.listenerCount('backfill'),
  health: api.service.events.listenerCount('health'),
  spark: api.spark.events.listenerCount('change'),
});

describe('GET /api/stream', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it('sends health at once, then batch, log and health events as batches commit', async () => {
    const stream = await openStream(api);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache');
    expect(stream.response.headers.get('access-control-allow-origin')).toBeNull();
    const first = await stream.next();
    expect(first.event).toBe('health');
    expect(first.id).toBe('1');
    healthSchema.parse(first.data);
    // The baseline batch may already be on its way; the next interval brings another.
    api.clock.advance(5_000);
    const batch = await stream.nextOf('batch');
    batchMetaSchema.parse(batch.data);
    const log = await stream.nextOf('log');
    logEntrySchema.parse(log.data);
    const health = await stream.nextOf('health');
    expect(healthSchema.parse(health.data).driver_batches).toBeGreaterThanOrEqual(1);
    const ids = stream.received.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1)); // numbered 1, 2, 3, … without gaps
    await stream.close();
  });

  it('sends the Spark status, with the backends, on every Spark change', async () => {
    const stream = await openStream(api);
    await stream.nextOf('health');
    api.spark.change('starting');
    const spark = await stream.nextOf('spark');
    const status = sparkStatusSchema.parse(spark.data);
    expect(status.state).toBe('starting');
    expect(status.backends.local.available).toBe(true);
    await stream.close();
  });

  it('sends the pipeline view when the pipeline appends to its metrics file', async () => {
    const stream = await openStream(api);
    await stream.nextOf('health');
    const folder = join(api.service.dataDir, 'lake', '_pipeline');
    mkdirSync(folder, { recursive: true });
    const at = Date.now() / 1000;
    appendFileSync(
      join(folder, 'metrics.jsonl'),
      `${JSON.stringify({ kind: 'started', at })}\n${JSON.stringify({ kind: 'progress', at, query: 'bronze', micro_batch: 3, rows_in: 12 })}\n`,
    );
    const event = await stream.nextOf('pipeline');
    const view = pipelineViewSchema.parse(event.data);
    expect(view.running).toBe(true);
    expect(view.layers.bronze.micro_batch).toBe(3);
    await stream.close();
  });

  it('lets go of the service and Spark as soon as the client goes away', async () => {
    const before = listenerCounts(api);
    const stream = await openStream(api);
    await stream.nextOf('health');
    expect(listenerCounts(api)).toEqual({
      batch: before.batch + 1,
      log: before.log + 1,
      backfill: before.backfill + 1,
      health: before.health + 1,
      spark: before.spark + 1,
    });
    await stream.close();
    // Not at the next keep-alive 15 s later: right away.
    expect(listenerCounts(api)).toEqual(before);
  });

  it('lets go of them too when a client over a real socket disconnects', async () => {
    const before = listenerCounts(api);
    const server = createAdaptorServer({ fetch: api.app.fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          path: '/api/stream',
          headers: { host: `127.0.0.1:${api.port}` },
        });
        req.on('response', resolve).on('error', reject).end();
      });
      expect(response.statusCode).toBe(200);
      await new Promise((resolve) => response.once('data', resolve)); // the first health event
      expect(listenerCounts(api).batch).toBe(before.batch + 1);
      response.destroy();
      // As soon as the socket closes, well before the keep-alive 15 s later.
      const counts = await waitFor(
        'the listeners released',
        () => {
          const now = listenerCounts(api);
          return now.batch === before.batch ? now : undefined;
        },
        2_000,
      );
      expect(counts).toEqual(before);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('GET /api/stream under many clients', () => {
  it('holds one listener per event whatever the number of clients, and lets go of everything as they leave', async () => {
    const api = startInProcessApi({ preset: 'emulated-5s' });
    const server = createAdaptorServer({ fetch: api.app.fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const fds = () => readdirSync('/proc/self/fd').length;
    try {
      const { port } = server.address() as AddressInfo;
      const connect = () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const req = request({
            host: '127.0.0.1',
            port,
            path: '/api/stream',
            headers: { host: `127.0.0.1:${api.port}` },
            agent: false,
          });
          req.on('response', (res) => res.once('data', () => resolve(res))).on('error', reject);
          req.end();
        });
      const before = { listeners: listenerCounts(api), fds: fds() };
      let heapBefore = 0;
      let rssBefore = 0;
      // Round 0 warms up (code, socket pools); the baseline is taken after it.
      for (let round = 0; round <= 10; round++) {
        if (round === 1) {
          collectGarbage();
          heapBefore = process.memoryUsage().heapUsed;
          rssBefore = process.memoryUsage().rss;
        }
        const clients = await Promise.all(Array.from({ length: MAX_STREAM_CLIENTS }, connect));
        // As many clients as are allowed, one listener each on the shared emitters.
        expect(listenerCounts(api)).toEqual({ batch: 1, log: 1, backfill: 1, health: 1, spark: 1 });
        // All of them get the next batch.
        const got = clients.map(
          (res) =>
            new Promise<void>((resolve) => {
              let text = '';
              res.on('data', (d) => {
                text += d;
                if (text.includes('event: batch')) resolve();
              });
            }),
        );
        api.clock.advance(5_000);
        await Promise.all(got);
        for (const res of clients) res.destroy();
        await waitFor(
          'every client released',
          () => (listenerCounts(api).batch === before.listeners.batch ? true : undefined),
          5_000,
        );
      }
      expect(listenerCounts(api)).toEqual(before.listeners);
      const fdsAfter = await waitFor(
        'the sockets closed',
        () => (fds() <= before.fds + 2 ? fds() : undefined),
        5_000,
      );
      expect(fdsAfter).toBeLessThanOrEqual(before.fds + 2);
      // 2,000 connections came and went after the warm-up: what they held is garbage now.
      collectGarbage();
      const heapAfter = process.memoryUsage().heapUsed;
      const mb = (x: number) => (x / 1048576).toFixed(1);
      console.log(
        `SSE churn, 10 x ${MAX_STREAM_CLIENTS} clients after a warm-up round: listeners ${JSON.stringify(before.listeners)} -> ${JSON.stringify(listenerCounts(api))}; fds ${before.fds} -> ${fdsAfter}; heap after a full GC ${mb(heapBefore)} -> ${mb(heapAfter)} MB; RSS ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)} MB`,
      );
      expect(heapAfter - heapBefore).toBeLessThan(2 * 1024 * 1024);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.stop();
    }
  }, 120_000);
});

describe('GET /api/stream during a backfill', () => {
  it('sends backfill progress until it is done', async () => {
    const api = startInProcessApi({ preset: 'emulated-5s', startPaused: true });
    try {
      const stream = await openStream(api);
      await stream.nextOf('health');
      const started = await api.call('/api/backfill', {
        method: 'POST',
        json: { from: new Date(api.clock.now() - 60_000).toISOString() },
      });
      expect(started.status).toBe(202);
      let status = backfillStatusSchema.parse((await stream.nextOf('backfill')).data);
      while (status.running)
        status = backfillStatusSchema.parse((await stream.nextOf('backfill')).data);
      expect(status).toMatchObject({ cancelled: false, error: null });
      expect(status.done).toBe(status.total);
      expect(status.total).toBeGreaterThan(0);
      const view = parsed(backfillViewSchema, (await api.call('/api/backfill')).body);
      expect(view.backfill).toMatchObject({ running: false, done: status.total });
      await stream.close();
    } finally {
      await api.stop();
    }
  });
});
