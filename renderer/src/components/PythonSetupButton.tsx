import { useEffect, useState } from 'react';
import type { PythonSetupStatus } from '../../../shared/api/python-setup.ts';
import type { SparkStatus } from '../../../shared/api.ts';
import { type Api, createApi } from '../api/client.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';

const defaultApi = createApi();

/** How often a running set-up is asked for its progress. */
export const SETUP_POLL_MS = 1000;

/** Spark runs, or would run, as local processes: Docker is not there to run it. */
export function localBackendInUse(spark: SparkStatus | null): boolean {
  if (!spark || spark.backend === 'attached' || spark.backend === 'docker') return false;
  return spark.backend === 'local' || spark.backends.docker.state !== 'ready';
}

/**
 * Set up Python: the app's own pyspark, delta-spark and JupyterLab (as npm run setup:python),
 * shown when Spark runs without Docker, with the step under way and pip's latest line.
 */
export function PythonSetupButton({ api = defaultApi }: { api?: Api }) {
  const spark = useApp((s) => s.spark);
  const readOnly = useApp(isReadOnly);
  const [status, setStatus] = useState<PythonSetupStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = status?.state === 'running';
  const shown = localBackendInUse(spark);

  useEffect(() => {
    if (!shown) return;
    let live = true;
    const poll = async () => {
      try {
        const next = await api.pythonSetup();
        if (live) setStatus(next);
      } catch (err) {
        if (live) setError((err as Error).message);
      }
    };
    void poll();
    if (!running)
      return () => {
        live = false;
      };
    const timer = setInterval(() => void poll(), SETUP_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, running, shown]);

  if (!shown) return null;
  const start = async () => {
    setError(null);
    try {
      setStatus(await api.startPythonSetup());
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="python-setup" data-testid="python-setup">
      <button type="button" onClick={() => void start()} disabled={readOnly || running}>
        {running ? 'Setting up Python…' : 'Set up Python'}
      </button>
      {running && status ? (
        <p className="hint" data-testid="python-setup-step">
          Step {status.step}/{status.steps}: {status.title}
          {status.lines.length ? ` — ${status.lines.at(-1)?.trim()}` : ''}
        </p>
      ) : null}
      {!running && status && status.state !== 'idle' ? (
        <p
          className={status.state === 'failed' ? 'error' : 'hint'}
          data-testid="python-setup-message"
        >
          {status.message}
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
