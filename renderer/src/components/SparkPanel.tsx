import type { SparkStatus } from '../../../shared/api.ts';
import { SPARK_JOBS } from '../../../shared/spark.ts';
import { desktopBridge } from '../api/desktop.ts';
import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { PipelineButton } from './PipelineButton.tsx';
import { PythonSetupButton } from './PythonSetupButton.tsx';

const BATCH_JOBS = SPARK_JOBS.filter((job) => job !== 'pipeline');

/** What to tell a user whose machine cannot run the compose stack. */
function dockerAdvice(spark: SparkStatus): string | null {
  const docker = spark.backends.docker;
  // Inside the compose project the generator has no Docker of its own, by design.
  if (docker.state === 'ready' || spark.backend === 'attached') return null;
  const local = spark.backends.local.available
    ? 'Start Spark uses a local master and worker instead (no Docker needed).'
    : spark.backends.local.checked === false
      ? 'Start Spark then looks for a local Spark (pyspark and Java 17) instead.'
      : `No local Spark either: ${spark.backends.local.detail}`;
  return `${docker.message ?? 'Docker is not available.'} ${local}`;
}

export function SparkPanel() {
  const spark = useApp((s) => s.spark);
  // The class link cannot start or stop anything.
  const busy = useApp((s) => s.ui.busy || isReadOnly(s));
  const up = useApp((s) => s.sparkUp);
  const down = useApp((s) => s.sparkDown);
  const runJob = useApp((s) => s.runJob);
  if (!spark) {
    return (
      <section aria-label="Spark" className="panel spark">
        <h2>Spark cluster</h2>
        <p>Loading…</p>
      </section>
    );
  }
  const running = spark.state === 'running';
  const advice = dockerAdvice(spark);
  // In the all-in-Docker stack compose owns the cluster: start and stop it there.
  const attached = spark.backend === 'attached';
  const openUi = (event: React.MouseEvent<HTMLAnchorElement>) => {
    const bridge = desktopBridge();
    if (bridge && spark.ui_url) {
      event.preventDefault();
      void bridge.openExternal(spark.ui_url);
    }
  };
  return (
    <section aria-label="Spark" className="panel spark">
      <h2>Spark cluster</h2>
      <p className={`badge badge-spark-${spark.state}`} data-testid="spark-state">
        {spark.state}
      </p>
      <p data-testid="spark-message">{spark.message}</p>
      <dl>
        <dt>Backend</dt>
        <dd>
          {(attached ? 'attached (this docker compose project)' : spark.backend) ??
            (spark.backends.docker.state === 'ready'
              ? 'docker (ready)'
              : spark.backends.local.available
                ? 'local (Docker not ready)'
                : spark.backends.local.checked === false
                  ? 'local, if found (Docker not ready)'
                  : 'none available')}
        </dd>
        <dt>Workers</dt>
        <dd data-testid="spark-workers">
          {spark.master
            ? `${spark.master.alive_workers} alive · ${spark.master.cores} cores · ${Math.round(spark.master.memory_mb / 1024)} GB`
            : '—'}
        </dd>
        <dt>Notebook</dt>
        <dd data-testid="notebook-state">
          JupyterLab {spark.notebook.state}
          {spark.notebook.url ? (
            <>
              {' '}
              at <code>{spark.notebook.url}</code> (Open starter notebook in Exercises opens it with
              its token)
            </>
          ) : null}
        </dd>
        <dt>Ports</dt>
        <dd data-testid="spark-ports">
          {`master UI ${spark.ports.master_ui} · master ${spark.ports.master} · app UI ${spark.ports.app_ui} · notebook ${spark.ports.notebook}`}
        </dd>
        <dt>Applications</dt>
        <dd>
          {spark.master
            ? `${spark.master.running_applications.length} running · ${spark.master.completed_applications} completed`
            : '—'}
        </dd>
      </dl>
      {advice ? <p className="hint">{advice}</p> : null}
      <PythonSetupButton />
      {attached ? (
        <p className="hint">
          This generator runs in Docker next to its Spark: start and stop the cluster with docker
          compose; the jobs run from here.
        </p>
      ) : null}
      <div className="buttons">
        <button
          type="button"
          onClick={() => void up()}
          disabled={
            attached ||
            // The stack comes back with the engine by itself.
            spark.error_code === 'engine_not_running' ||
            busy ||
            spark.state === 'starting' ||
            running ||
            spark.state === 'stopping'
          }
        >
          Start Spark
        </button>
        <button
          type="button"
          onClick={() => void down()}
          disabled={attached || busy || spark.state === 'stopped'}
        >
          Stop Spark
        </button>
        {spark.ui_url ? (
          <a href={spark.ui_url} target="_blank" rel="noopener noreferrer" onClick={openUi}>
            Spark UI
          </a>
        ) : null}
      </div>
      <div className="buttons">
        {BATCH_JOBS.map((job) => (
          <button
            key={job}
            type="button"
            onClick={() => void runJob(job)}
            disabled={busy || !running}
          >
            Run {job}
          </button>
        ))}
        <PipelineButton />
      </div>
      {spark.jobs.length > 0 ? (
        <ul className="jobs">
          {spark.jobs.slice(0, 6).map((j) => (
            <li key={j.id}>
              {j.job}: {j.state}
              {j.summary ? ` — ${j.summary}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
