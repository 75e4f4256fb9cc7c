// The one typed client of the HTTP API, typed by the route declarations of shared/contract:
// a path, parameter, body or answer that is not the declared one does not compile. Errors keep the API's code and message (and the
// config issues), so the UI can show what went wrong and what to do.
import type { ConfigIssueView } from '../../../shared/api.ts';
import type { SparkJobName } from '../../../shared/spark.ts';
import type { Answer, Input, Method, PathOf, RouteAt } from './contract-types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ConfigIssueView[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = typeof fetch;

async function request<T>(fetcher: Fetch, path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(path, init);
  } catch (err) {
    throw new ApiError(
      0,
      'unreachable',
      `the generator service is not reachable (${(err as Error).message})`,
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(
      response.status,
      'bad_response',
      `unexpected answer from the service (${response.status})`,
    );
  }
  if (!response.ok) {
    const e = body as { error?: string; message?: string; issues?: ConfigIssueView[] };
    throw new ApiError(
      response.status,
      e.error ?? 'error',
      e.message ?? `request failed (${response.status})`,
      e.issues ?? [],
    );
  }
  // The declaration says what the service answers with on success.
  return body as T;
}

/** Calls a declared route: its path parameters filled in, its query and JSON body sent. */
function call<M extends Method, P extends PathOf<M>>(
  fetcher: Fetch,
  method: M,
  path: P,
  ...[input]: Record<string, never> extends Input<RouteAt<M, P>>
    ? [Input<RouteAt<M, P>>?]
    : [Input<RouteAt<M, P>>]
): Promise<Answer<RouteAt<M, P>>> {
  const { params, query, json } = (input ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, string | undefined>;
    json?: unknown;
  };
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params?.[name] ?? ''),
  );
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, v);
  if (query) url += `?${search}`;
  const init: RequestInit =
    method === 'get'
      ? {}
      : json === undefined
        ? { method: 'POST' }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(json),
          };
  return request(fetcher, url, init);
}

export interface LogQuery {
  limit?: number;
  level?: string;
  since?: string;
  before?: string;
}

export function createApi(fetcher: Fetch = (...args) => fetch(...args)) {
  return {
    health: () => call(fetcher, 'get', '/api/health'),
    pause: () => call(fetcher, 'post', '/api/pause'),
    resume: () => call(fetcher, 'post', '/api/resume'),
    // The class's results are kept unless the Clean dialog's box asks to delete them too.
    clean: (classResults = false) =>
      call(fetcher, 'post', '/api/clean', { json: classResults ? { class_results: true } : {} }),
    // The recipe is a file the user picked: the service says what is wrong with it.
    join: (code: string, recipe?: unknown) =>
      call(fetcher, 'post', '/api/join', {
        json: recipe === undefined ? { code } : { code, recipe: recipe as Record<string, unknown> },
      }),
    logs: (q: LogQuery = {}) =>
      call(fetcher, 'get', '/api/logs', {
        query: {
          limit: q.limit === undefined ? undefined : String(q.limit),
          level: q.level,
          since: q.since,
          before: q.before,
        },
      }),
    presets: () => call(fetcher, 'get', '/api/presets'),
    applyPreset: (preset: string) => call(fetcher, 'post', '/api/config', { json: { preset } }),
    batches: (limit = 100) =>
      call(fetcher, 'get', '/api/batches', { query: { limit: String(limit) } }),
    batch: (id: string, lines = 20) =>
      call(fetcher, 'get', '/api/batches/{id}', {
        params: { id },
        query: { lines: String(lines) },
      }),
    backfill: (from: string) => call(fetcher, 'post', '/api/backfill', { json: { from } }),
    cancelBackfill: () => call(fetcher, 'post', '/api/backfill/cancel'),
    spark: () => call(fetcher, 'get', '/api/spark'),
    sparkUp: (backend?: 'docker' | 'local') =>
      call(fetcher, 'post', '/api/spark/up', { json: backend ? { backend } : {} }),
    sparkDown: () => call(fetcher, 'post', '/api/spark/down'),
    pipeline: () => call(fetcher, 'get', '/api/pipeline'),
    doctor: () => call(fetcher, 'get', '/api/doctor'),
    exercises: () => call(fetcher, 'get', '/api/exercises'),
    exercise: (id: string) => call(fetcher, 'get', '/api/exercises/{id}', { params: { id } }),
    prepareExercise: (id: string) =>
      call(fetcher, 'post', '/api/exercises/{id}/prepare', { params: { id } }),
    checkExercise: (id: string) =>
      call(fetcher, 'post', '/api/exercises/{id}/check', { params: { id } }),
    releaseExercise: (id: string) =>
      call(fetcher, 'post', '/api/exercises/{id}/release', { params: { id } }),
    revealHint: (id: string) =>
      call(fetcher, 'post', '/api/exercises/{id}/hints', { params: { id } }),
    openNotebook: (id: string) =>
      call(fetcher, 'post', '/api/exercises/{id}/notebook', { params: { id } }),
    sparkJob: (job: SparkJobName) => call(fetcher, 'post', '/api/spark/jobs', { json: { job } }),
    stopSparkJob: (id: number) =>
      call(fetcher, 'post', '/api/spark/jobs/{id}/stop', { params: { id: String(id) } }),
    classResults: () => call(fetcher, 'get', '/api/class/results'),
    collectResults: (on: boolean) =>
      call(fetcher, 'post', '/api/class/results/collect', { json: { on } }),
    reporting: () => call(fetcher, 'get', '/api/class/reporting'),
    startReporting: (link: string, name: string) =>
      call(fetcher, 'post', '/api/class/reporting', { json: { link, name } }),
    stopReporting: () => call(fetcher, 'post', '/api/class/reporting/stop'),
    pythonSetup: () => call(fetcher, 'get', '/api/python/setup'),
    startPythonSetup: () => call(fetcher, 'post', '/api/python/setup'),
  };
}

export type Api = ReturnType<typeof createApi>;
