// GET /api/stream: Server-Sent Events for the dashboard (health, batch, log, backfill, spark,
// pipeline, and the class's results and this app's reports, which the class link never gets),
// the only live feed it has, so polling is never needed. One hub per API fans each event out
// to every client: it holds one listener per event type on the service and Spark (however many
// clients there are, so no MaxListenersExceededWarning), and only while a client is connected.
// A health or Spark event is computed once for all clients. The pipeline writes its metrics
// from another process: its file is looked at every second, and a change is one event.
import { setTimeout as wait } from 'node:timers/promises';
import { streamSSE } from 'hono/streaming';
import { routes } from '../../../shared/contract/index.ts';
import type { StreamEventData, StreamEventName } from '../../../shared/contract/stream-events.ts';
import type {
  ClassResults,
  ReportingSetup,
  ResultsChange,
} from '../class-results/class-results.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import type { PipelineMetrics } from '../pipeline/pipeline-view.ts';
import { accessOf } from './access.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';
import type { SparkControl, SparkStatusReader } from './spark.ts';

/** A health event at least this often, which also notices a client that went away. */
const KEEP_ALIVE_MS = 15_000;
/** Health events within this window are sent as one (a catch-up commits many batches). */
const HEALTH_COALESCE_MS = 100;
/** How often the pipeline's metrics file is looked at while a client is connected. */
export const PIPELINE_POLL_MS = 1000;
/** The class's grid changes go out at most this often, as the rows that changed. */
export const CLASS_RESULTS_COALESCE_MS = 1000;
/** Open event streams at most: a class and its instructor; each one holds memory. */
export const MAX_STREAM_CLIENTS = 100;

/** Sends one event of shared/contract/stream-events.ts with the data its schema describes. */
type Send = <K extends StreamEventName>(event: K, data: StreamEventData<K>) => void;

interface Client {
  /** Ends the client's stream (it then leaves the hub). */
  close: () => void;
  /** Let in by the class's link, so a token rotation ends it. */
  classLink: boolean;
}

/** The clients of one API, and the listeners that feed them. */
export class StreamHub {
  private readonly clients = new Map<Send, Client>();
  private healthTimer: NodeJS.Timeout | undefined;
  private pipelineTimer: NodeJS.Timeout | undefined;
  private pipelineSize = -1;
  private resultsTimer: NodeJS.Timeout | undefined;
  private readonly changedStudents = new Set<string>();
  private resultsReset = false;
  private readonly listeners = {
    batch: (meta: StreamEventData<'batch'>) => this.broadcast('batch', meta),
    log: (entry: StreamEventData<'log'>) => this.broadcast('log', entry),
    backfill: (status: StreamEventData<'backfill'>) => this.broadcast('backfill', status),
    health: () => {
      if (this.healthTimer) return;
      this.healthTimer = setTimeout(() => {
        this.healthTimer = undefined;
        this.broadcast('health', this.service.health());
      }, HEALTH_COALESCE_MS);
    },
    spark: () => {
      void this.sparkStatus.read().then((status) => this.broadcast('spark', status));
    },
    results: (change: ResultsChange) => {
      if ('reset' in change) this.resultsReset = true;
      else for (const id of change.ids) this.changedStudents.add(id);
      this.resultsTimer ??= setTimeout(() => this.sendResults(), CLASS_RESULTS_COALESCE_MS);
    },
    reporting: (state: StreamEventData<'class_reporting'>) =>
      this.broadcast('class_reporting', state, { instructorOnly: true }),
  };

  constructor(
    private readonly service: Pick<GeneratorService, 'events' | 'health'>,
    private readonly spark: Pick<SparkControl, 'events'>,
    private readonly sparkStatus: SparkStatusReader,
    private readonly pipeline?: Pick<PipelineMetrics, 'size' | 'view'>,
    private readonly classroom?: {
      classResults: Pick<ClassResults, 'events' | 'rows' | 'collecting' | 'size'>;
      reporting: Pick<ReportingSetup, 'events'>;
    },
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Adds a client; the returned function removes it (and the listeners with the last one). */
  join(send: Send, client: Client = { close: () => undefined, classLink: false }): () => void {
    if (this.clients.size === 0) this.subscribe(true);
    this.clients.set(send, client);
    return () => {
      if (!this.clients.delete(send)) return;
      if (this.clients.size === 0) this.subscribe(false);
    };
  }

  /** After a token rotation: the old link's streams end (their browsers then get 401). */
  closeClassStreams(): void {
    for (const client of [...this.clients.values()]) if (client.classLink) client.close();
  }

  /** To every client, or (`instructorOnly`) to those not let in by the class link. */
  private broadcast<K extends StreamEventName>(
    event: K,
    data: StreamEventData<K>,
    { instructorOnly = false } = {},
  ): void {
    for (const [send, client] of this.clients)
      if (!instructorOnly || !client.classLink) send(event, data);
  }

  /** The rows that changed since the last event (or, after a reset, none: fetch again). */
  private sendResults(): void {
    this.resultsTimer = undefined;
    const results = this.classroom?.classResults;
    if (!results) return;
    const reset = this.resultsReset;
    const changed = reset ? [] : results.rows(this.changedStudents);
    this.changedStudents.clear();
    this.resultsReset = false;
    const data = { collecting: results.collecting, students: results.size, changed, reset };
    this.broadcast('class_results', data, { instructorOnly: true });
  }

  private subscribe(on: boolean): void {
    const events = this.service.events;
    const method = on ? 'on' : 'off';
    events[method]('batch', this.listeners.batch);
    events[method]('log', this.listeners.log);
    events[method]('backfill', this.listeners.backfill);
    events[method]('health', this.listeners.health);
    this.spark.events[method]('change', this.listeners.spark);
    this.classroom?.classResults.events[method]('change', this.listeners.results);
    this.classroom?.reporting.events[method]('change', this.listeners.reporting);
    if (on && this.pipeline) {
      const pipeline = this.pipeline;
      // The first look after a client joins sends nothing: it loads the view on its own.
      this.pipelineSize = pipeline.size();
      this.pipelineTimer = setInterval(() => {
        const size = pipeline.size();
        if (size === this.pipelineSize) return;
        this.pipelineSize = size;
        this.broadcast('pipeline', pipeline.view());
      }, PIPELINE_POLL_MS);
    }
    if (!on) {
      clearTimeout(this.healthTimer);
      this.healthTimer = undefined;
      clearInterval(this.pipelineTimer);
      this.pipelineTimer = undefined;
      clearTimeout(this.resultsTimer);
      this.resultsTimer = undefined;
      this.changedStudents.clear();
      this.resultsReset = false;
    }
  }
}

/** Mounted at /api/stream. */
export function streamRoutes(service: Pick<GeneratorService, 'events' | 'health'>, hub: StreamHub) {
  return declaredRoutes().openapi(routes.stream, (c) => {
    // join() runs before streamSSE returns, so the count includes every stream accepted so far.
    if (hub.size >= MAX_STREAM_CLIENTS)
      return fail(
        c,
        503,
        'too_many_streams',
        `at most ${MAX_STREAM_CLIENTS} event streams may be open at once; close another dashboard tab or try again later`,
        { limit: MAX_STREAM_CLIENTS },
      );
    const classLink = accessOf(c) === 'class';
    return streamSSE(c, async (stream) => {
      let id = 0;
      const send = <K extends StreamEventName>(event: K, data: StreamEventData<K>) =>
        stream
          .writeSSE({ event, data: JSON.stringify(data), id: String(++id) })
          .catch(() => undefined);
      // A client that went away (or was closed) lets go of the hub now, not at the next
      // keep-alive.
      const gone = new AbortController();
      const close = () => {
        leave();
        gone.abort();
        void stream.close();
      };
      const leave = hub.join((event, data) => void send(event, data), { close, classLink });
      stream.onAbort(() => {
        leave();
        gone.abort();
      });
      await send('health', service.health());
      try {
        while (!stream.aborted && !stream.closed && !gone.signal.aborted) {
          await wait(KEEP_ALIVE_MS, undefined, { signal: gone.signal }).catch(() => undefined);
          if (!stream.aborted && !gone.signal.aborted) await send('health', service.health());
        }
      } finally {
        leave();
      }
    });
  });
}
