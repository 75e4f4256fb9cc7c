// The one typed client of the HTTP API. Errors keep the API's code and message (and the
// config issues), so the UI can show what went wrong and what to do.
import type {
  ActionResult,
  BackfillStatus,
  BatchDetail,
  BatchMeta,
  CleanResult,
  ConfigIssueView,
  ConfigResult,
  Health,
  LogPage,
  Presets,
  SparkStatus,
} from '../../../shared/api.ts';
import type { ExerciseSummary, ExerciseView, Scorecard } from '../../../shared/exercises.ts';
import type { PipelineView } from '../../../shared/pipeline.ts';
import type { SparkJobName } from '../../../shared/spark.ts';

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
  return body as T;
}

const post = (body?: unknown): RequestInit =>
  body === undefined
    ? { method: 'POST' }
    : {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      };

export interface LogQuery {
  limit?: number;
  level?: string;
  since?: string;
  before?: string;
}

export function createApi(fetcher: Fetch = (...args) => fetch(...args)) {
  return {
    health: () => request<Health>(fetcher, '/api/health'),
    pause: () => request<ActionResult>(fetcher, '/api/pause', post()),
    resume: () => request<ActionResult>(fetcher, '/api/resume', post()),
    clean: () => request<CleanResult>(fetcher, '/api/clean', post()),
    join: (code: string, recipe?: unknown) =>
      request<{ class_code: string; message: string }>(
        fetcher,
        '/api/join',
        post(recipe === undefined ? { code } : { code, recipe }),
      ),
    logs: (q: LogQuery = {}) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
      return request<LogPage>(fetcher, `/api/logs?${params}`);
    },
    presets: () => request<Presets>(fetcher, '/api/presets'),
    applyPreset: (preset: string) =>
      request<ConfigResult>(fetcher, '/api/config', post({ preset })),
    batches: (limit = 100) =>
      request<{ batches: BatchMeta[] }>(fetcher, `/api/batches?limit=${limit}`),
    batch: (id: string, lines = 20) =>
      request<BatchDetail>(fetcher, `/api/batches/${encodeURIComponent(id)}?lines=${lines}`),
    backfill: (from: string) => request<BackfillStatus>(fetcher, '/api/backfill', post({ from })),
    cancelBackfill: () =>
      request<{ backfill: BackfillStatus | null }>(fetcher, '/api/backfill/cancel', post()),
    spark: () => request<SparkStatus>(fetcher, '/api/spark'),
    sparkUp: (backend?: 'docker' | 'local') =>
      request<{ state: string; message: string }>(
        fetcher,
        '/api/spark/up',
        post(backend ? { backend } : {}),
      ),
    sparkDown: () =>
      request<{ state: string; message: string }>(fetcher, '/api/spark/down', post()),
    pipeline: () => request<PipelineView>(fetcher, '/api/pipeline'),
    exercises: () => request<{ exercises: ExerciseSummary[] }>(fetcher, '/api/exercises'),
    exercise: (id: string) =>
      request<ExerciseView>(fetcher, `/api/exercises/${encodeURIComponent(id)}`),
    prepareExercise: (id: string) =>
      request<ExerciseView>(fetcher, `/api/exercises/${encodeURIComponent(id)}/prepare`, post()),
    checkExercise: (id: string) =>
      request<Scorecard>(fetcher, `/api/exercises/${encodeURIComponent(id)}/check`, post()),
    sparkJob: (job: SparkJobName) =>
      request<SparkStatus['jobs'][number]>(fetcher, '/api/spark/jobs', post({ job })),
    stopSparkJob: (id: number) =>
      request<SparkStatus['jobs'][number]>(fetcher, `/api/spark/jobs/${id}/stop`, post()),
  };
}

export type Api = ReturnType<typeof createApi>;
