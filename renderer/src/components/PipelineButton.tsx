import { isReadOnly } from '../store/access.ts';
import { useApp } from '../store/context.ts';
import { activePipeline } from '../store/spark-slice.ts';

/**
 * Run pipeline, or Stop pipeline while one streams: in the Spark panel and the Pipeline panel
 * alike. Stopping lets the running micro-batches finish; the next run resumes from there.
 */
export function PipelineButton() {
  const spark = useApp((s) => s.spark);
  const busy = useApp((s) => s.ui.busy || isReadOnly(s));
  const runJob = useApp((s) => s.runJob);
  const stopJob = useApp((s) => s.stopJob);
  const active = activePipeline(spark);
  if (active) {
    return (
      <button
        type="button"
        onClick={() => void stopJob(active.id)}
        disabled={busy || active.state === 'stopping'}
      >
        {active.state === 'stopping' ? 'Stopping pipeline…' : 'Stop pipeline'}
      </button>
    );
  }
  return (
    <button
      type="button"
      onClick={() => void runJob('pipeline')}
      disabled={busy || spark?.state !== 'running'}
      title={spark?.state === 'running' ? undefined : 'Start Spark first'}
    >
      Run pipeline
    </button>
  );
}
