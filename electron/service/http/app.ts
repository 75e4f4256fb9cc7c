// The local HTTP API (CONTRACT section 5) on Hono. Security first: a foreign Host (DNS
// rebinding) or Origin (CSRF) is refused before anything runs, OPTIONS is refused, no CORS
// headers are ever sent, bodies are JSON of at most 64 KiB, and GET never changes state.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  backfillRequestSchema,
  configRequestSchema,
  openApiDocument,
  ROUTES,
  routeMatches,
  sparkJobRequestSchema,
  sparkUpRequestSchema,
} from '../../../shared/api.ts';
import {
  effectiveIntervals,
  type GeneratorConfig,
  parseConfigYaml,
} from '../../../shared/config.ts';
import { type Cursor, parseCursor } from '../../../shared/log-cursor.ts';
import { type GeneratorService, ServiceError } from '../generator-service.ts';
import { DEFAULT_PRESETS_DIR, loadPreset, presetNames } from '../presets.ts';
import type { SparkController } from '../spark/spark-controller.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;
/** The dashboard may load only its own files and talk only to this API. */
export const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const VERSION = '0.1.0';

export interface ApiOptions {
  service: GeneratorService;
  spark: SparkController;
  port: number;
  presetsDir?: string;
  /** Folder with the built dashboard (index.html); served at / when present. */
  uiDir?: string;
  /** Required as `Authorization: Bearer <token>` when listening beyond loopback. */
  token?: string | undefined;
}

function fail(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return c.json({ error, message, ...extra }, status);
}

const LEGACY_ROOT = new Set(['/health', '/status', '/pause', '/resume', '/clean', '/logs']);

export function createApi(options: ApiOptions): Hono {
  const { service, port } = options;
  const presetsDir = options.presetsDir ?? DEFAULT_PRESETS_DIR;
  const app = new Hono();
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const ownOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));

  app.onError((err, c) => {
    if (err instanceof ServiceError)
      return fail(c, err.status as ContentfulStatusCode, err.code, err.message);
    service.log.error('API request failed', { path: c.req.path, message: err.message });
    return fail(c, 500, 'internal_error', 'the request failed inside the service; see /api/logs');
  });

  app.use('*', async (c, next) => {
    if (!options.token && !allowedHosts.has(c.req.header('host') ?? '')) {
      return fail(
        c,
        403,
        'forbidden_host',
        `this API answers only to Host 127.0.0.1:${port}, localhost:${port} or [::1]:${port}`,
      );
    }
    if (options.token && c.req.header('authorization') !== `Bearer ${options.token}`) {
      return fail(
        c,
        401,
        'unauthorized',
        'this API listens beyond loopback: send Authorization: Bearer <token>',
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !ownOrigins.has(origin)) {
      return fail(
        c,
        403,
        'forbidden_origin',
        `requests from ${origin} are refused: only the dashboard served by this API may call it`,
      );
    }
    if (c.req.method === 'OPTIONS') {
      c.header('Allow', allowedMethods(c.req.path).join(', ') || 'GET');
      return fail(
        c,
        405,
        'method_not_allowed',
        'OPTIONS is not supported: this API sends no CORS headers',
      );
    }
    return next();
  });

  // Bodies: JSON only, capped; an empty body (plain `curl -X POST`) is fine.
  app.post(
    '/api/*',
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: (c) =>
        fail(c, 413, 'body_too_large', `request bodies are limited to ${BODY_LIMIT_BYTES} bytes`),
    }),
    async (c, next) => {
      const length = Number(c.req.header('content-length') ?? '0');
      const chunked = c.req.header('transfer-encoding') !== undefined;
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if ((length > 0 || chunked) && type !== 'application/json') {
        return fail(
          c,
          415,
          'unsupported_media_type',
          'send the request body as JSON (Content-Type: application/json)',
        );
      }
      return next();
    },
  );

  app.get('/api/health', (c) => c.json(service.health()));
  app.post('/api/pause', async (c) => c.json(await service.pause()));
  app.post('/api/resume', async (c) => c.json(await service.resume()));
  app.post('/api/clean', async (c) => {
    try {
      return c.json(await service.clean());
    } catch (err) {
      if (err instanceof ServiceError)
        return c.json(
          { success: false, error: err.code, message: err.message },
          err.status as ContentfulStatusCode,
        );
      throw err;
    }
  });

  app.get('/api/logs', (c) => {
    const q = c.req.query();
    const limit = queryInt(c, 'limit', 100, 1, 1000);
    if (limit instanceof Response) return limit;
    if (q.level !== undefined && !['debug', 'info', 'warning', 'error'].includes(q.level)) {
      return fail(
        c,
        400,
        'invalid_level',
        `level (${q.level}) must be one of debug, info, warning, error`,
      );
    }
    const cursor = (name: 'since' | 'before'): Cursor | undefined | null => {
      const text = q[name];
      if (text === undefined) return undefined;
      return parseCursor(text, name) ?? null;
    };
    const since = cursor('since');
    const before = cursor('before');
    if (since === null)
      return fail(
        c,
        400,
        'invalid_since',
        `since (${q.since}) must be a cursor from nextSince or an ISO time with a zone, like 2024-01-01T00:00:00Z`,
      );
    if (before === null)
      return fail(
        c,
        400,
        'invalid_before',
        `before (${q.before}) must be a cursor from nextBefore or an ISO time with a zone`,
      );
    return c.json(
      service.logs.query({
        limit,
        since,
        before,
        level: q.level as 'debug' | 'info' | 'warning' | 'error' | undefined,
      }),
    );
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument(VERSION)));

  app.get('/api/presets', (c) => {
    const presets: ReturnType<typeof presetSummary>[] = [];
    const invalid: Array<{ name: string; issues: Array<{ path: string; message: string }> }> = [];
    for (const name of presetNames(presetsDir)) {
      const r = loadPreset(name, presetsDir);
      if (r.ok) presets.push(presetSummary(r.config));
      else invalid.push({ name, issues: r.issues });
    }
    return c.json({ presets, invalid, active: service.activeConfig.name });
  });

  app.get('/api/config', (c) =>
    c.json({
      preset: service.activeConfig.name,
      config: service.activeConfig,
      pending: service.pendingSwitch,
    }),
  );

  app.post('/api/config', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = configRequestSchema.safeParse(body);
    if (!request.success) {
      return fail(
        c,
        400,
        'invalid_request',
        'send {"preset": "<name>"} or {"yaml": "<preset text>"}',
        { issues: [] },
      );
    }
    const result =
      'preset' in request.data
        ? loadPreset(request.data.preset, presetsDir)
        : parseConfigYaml(request.data.yaml, 'custom');
    if (!result.ok) {
      return fail(
        c,
        400,
        'invalid_config',
        `the config is invalid; nothing changed: ${result.issues[0]?.message}`,
        { issues: result.issues },
      );
    }
    const applied = await service.setConfig(result.config);
    return c.json({ success: true, preset: result.config.name, ...applied });
  });

  app.get('/api/batches', (c) => {
    const limit = queryInt(c, 'limit', 50, 1, 500);
    if (limit instanceof Response) return limit;
    return c.json({ batches: service.recentBatches(limit) });
  });

  app.get('/api/batches/:id', (c) => {
    const lines = queryInt(c, 'lines', 20, 1, 200);
    if (lines instanceof Response) return lines;
    const detail = service.batchDetail(c.req.param('id'), lines);
    if (!detail)
      return fail(
        c,
        404,
        'batch_not_found',
        `no committed batch ${c.req.param('id')}; list them with /api/batches`,
      );
    return c.json(detail);
  });

  app.get('/api/backfill', (c) => c.json({ backfill: service.backfillState }));
  app.post('/api/backfill', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = backfillRequestSchema.safeParse(body);
    const from = request.success ? Date.parse(request.data.from) : Number.NaN;
    if (!request.success || Number.isNaN(from)) {
      return fail(
        c,
        400,
        'invalid_request',
        'send {"from": "<ISO time>"}, e.g. {"from": "2024-01-01T00:00:00Z"}',
      );
    }
    return c.json(await service.backfill(from), 202);
  });
  app.post('/api/backfill/cancel', (c) => c.json({ backfill: service.cancelBackfill() }));

  const spark = options.spark;
  let backends: { at: number; value: Awaited<ReturnType<SparkController['backends']>> } | undefined;
  const sparkStatus = async () => {
    // Docker detection runs the CLI: reuse it for a few seconds.
    if (!backends || Date.now() - backends.at > 10_000)
      backends = { at: Date.now(), value: await spark.backends() };
    return { ...(await spark.status()), backends: backends.value };
  };
  app.get('/api/spark', async (c) => c.json(await sparkStatus()));
  app.post('/api/spark/up', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = sparkUpRequestSchema.safeParse(body);
    if (!request.success)
      return fail(c, 400, 'invalid_request', 'send {} or {"backend": "docker" | "local"}');
    backends = undefined;
    return c.json(await spark.up(request.data.backend), 202);
  });
  app.post('/api/spark/down', async (c) => c.json(await spark.down()));
  app.post('/api/spark/restart', async (c) => {
    backends = undefined;
    return c.json(await spark.restart(), 202);
  });
  app.get('/api/spark/logs', (c) => {
    const limit = queryInt(c, 'limit', 200, 1, 1000);
    if (limit instanceof Response) return limit;
    return c.json({ lines: spark.logs(limit) });
  });
  app.post('/api/spark/jobs', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = sparkJobRequestSchema.safeParse(body);
    if (!request.success)
      return fail(c, 400, 'invalid_request', 'send {"job": "bronze" | "silver" | "gold"}');
    return c.json(await spark.submit(request.data.job), 202);
  });

  app.get('/api/stream', (c) =>
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
        void sparkStatus().then((status) => send('spark', status));
      };
      let healthQueued = false;
      const onHealth = () => {
        // Coalesce bursts (a catch-up commits many batches) into one health event.
        if (healthQueued) return;
        healthQueued = true;
        setTimeout(() => {
          healthQueued = false;
          send('health', service.health());
        }, 100);
      };
      service.events.on('batch', onBatch);
      service.events.on('log', onLog);
      service.events.on('backfill', onBackfill);
      service.events.on('health', onHealth);
      spark.events.on('change', onSpark);
      stream.onAbort(() => undefined);
      await send('health', service.health());
      try {
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(15_000);
          if (!stream.aborted) await send('health', service.health());
        }
      } finally {
        service.events.off('batch', onBatch);
        service.events.off('log', onLog);
        service.events.off('backfill', onBackfill);
        service.events.off('health', onHealth);
        spark.events.off('change', onSpark);
      }
    }),
  );

  const uiDir = options.uiDir;
  if (uiDir && existsSync(join(uiDir, 'index.html'))) {
    app.get('/', (c) => {
      c.header('Content-Security-Policy', UI_CSP);
      c.header('X-Content-Type-Options', 'nosniff');
      return c.html(readFileSync(join(uiDir, 'index.html'), 'utf8'));
    });
    app.get('/assets/*', serveStatic({ root: uiDir }));
  } else {
    app.get('/', (c) =>
      c.json({
        name: 'Spark Experiments generator',
        message:
          'The dashboard is not built here; the API is at /api (try /api/health, or /api/openapi.json for every route).',
        health: '/api/health',
        openapi: '/api/openapi.json',
      }),
    );
  }

  app.notFound((c) => {
    const path = c.req.path;
    if (LEGACY_ROOT.has(path)) {
      return fail(c, 404, 'not_found', `the root routes were removed: use /api${path}`, {
        use: `/api${path}`,
      });
    }
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return fail(
        c,
        405,
        'method_not_allowed',
        `${c.req.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
      );
    }
    return fail(c, 404, 'not_found', `no route ${path}; see /api/openapi.json for every route`);
  });

  return app;
}

function allowedMethods(path: string): string[] {
  const methods = ROUTES.filter((r) => routeMatches(r.path, path)).map((r) => r.method);
  if (path === '/') methods.push('GET');
  return methods;
}

/** A whole-number query parameter in [min, max] (`fallback` when absent), or a ready 400. */
function queryInt(
  c: Context,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | Response {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    return fail(
      c,
      400,
      `invalid_${name}`,
      `${name} (${text}) must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** The JSON body, {} when empty, or a ready 400 response. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return fail(c, 400, 'invalid_json', 'the request body is not valid JSON');
  }
}

export function presetSummary(config: GeneratorConfig) {
  const intervals = effectiveIntervals(config);
  const e = config.emulated_mode;
  return {
    name: config.name,
    description: config.description,
    generation_mode: e.enabled ? ('emulated' as const) : ('production' as const),
    seed: config.seed ?? null,
    number_of_companies: e.enabled ? e.companies_per_batch : config.number_of_companies,
    drivers_per_company: config.drivers_per_company,
    event_rate_per_driver: config.event_rate_per_driver,
    company_interval_seconds: intervals.companySeconds,
    driver_interval_seconds: intervals.driverSeconds,
    events_per_batch_range: e.enabled
      ? ([e.events_per_batch_min, e.events_per_batch_max] as [number, number])
      : null,
    error_rate: config.quality_injection.enabled ? config.quality_injection.error_rate : 0,
  };
}
