// The HTTP calls the Spark benches make of a running serve: start Spark, run and stop jobs.
import { type Served, waitFor } from '../electron/testing/serve.ts';

type Json = Record<string, unknown>;
interface Job {
  id: number;
  job: string;
  state: string;
  summary: string | null;
}

/** What the Spark benches ask of a running serve, through its HTTP API. */
export function client(server: Served) {
  const call = async (path: string, body?: unknown) =>
    (await server.call(path, body === undefined ? {} : { method: 'POST', json: body }))
      .body as Json;
  const until = waitFor;
  const job = async (id: number) =>
    ((await call('/api/spark')).jobs as Job[]).find((j) => j.id === id) as Job;
  return {
    call,
    until,
    job,
    /** Start Spark with `backend`; resolves at one alive worker. */
    async sparkUp(backend: 'local' | 'docker' = 'local', timeoutMs = 180_000) {
      await call('/api/spark/up', { backend });
      await until(
        'one alive worker',
        async () => {
          const s = await call('/api/spark');
          if (s.state === 'error') throw new Error(String(s.message));
          return s.state === 'running' &&
            (s.master as { alive_workers: number } | null)?.alive_workers === 1
            ? true
            : undefined;
        },
        timeoutMs,
      );
    },
    async runPipeline(): Promise<number> {
      const submitted = (await call('/api/spark/jobs', { job: 'pipeline' })) as { id?: number };
      if (typeof submitted.id !== 'number') throw new Error(JSON.stringify(submitted));
      return submitted.id;
    },
    async stopJob(id: number) {
      await call(`/api/spark/jobs/${id}/stop`, {});
      return until(
        'the pipeline to stop',
        async () => {
          const j = await job(id);
          return j.state === 'running' || j.state === 'stopping' ? undefined : j;
        },
        180_000,
      );
    },
  };
}
