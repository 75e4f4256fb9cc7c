// Quitting ends what the app started. The local Spark and its jobs are the service's own
// children (the host stops them); a check's Python and any other program still running are
// ended through the child ledger. A streaming pipeline in Docker would go on without the app,
// so the user is asked first: stop it (it resumes from its checkpoints next time), leave it
// running (the app takes it over at its next start), or not quit.
import type { SparkStatus } from '../../../shared/api/spark.ts';
import type { ElectronApi } from './electron-api.ts';

export const PIPELINE_BUTTONS = [
  'Stop the pipeline and quit',
  'Leave it running and quit',
  'Cancel',
] as const;

type Job = SparkStatus['jobs'][number];

async function dockerPipelines(base: string): Promise<Job[]> {
  const response = await fetch(`${base}/api/spark`, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) return [];
  const status = (await response.json()) as Pick<SparkStatus, 'jobs'>;
  return status.jobs.filter(
    (j) => j.job === 'pipeline' && j.backend === 'docker' && j.state === 'running',
  );
}

async function stopPipelines(base: string, jobs: Job[], waitMs: number): Promise<void> {
  for (const job of jobs) {
    const response = await fetch(`${base}/api/spark/jobs/${job.id}/stop`, { method: 'POST' });
    await response.body?.cancel();
  }
  // The pipeline finishes its micro-batch first; wait for it, within reason.
  const until = Date.now() + waitMs;
  while (Date.now() < until && (await dockerPipelines(base)).length > 0)
    await new Promise((r) => setTimeout(r, 500));
}

export interface QuitParts {
  dialog: ElectronApi['dialog'];
  /** The service's origin, or undefined when it is not running. */
  baseUrl: string | undefined;
  /** Stops the service (the batch in flight is finished; a local Spark is stopped). */
  stopService(): Promise<void>;
  /** Ends every program still running (child-ledger.ts). */
  stopChildren(): Promise<void>;
  pipelineWaitMs?: number;
}

/** Ends what the app started; 'cancelled' when the user chose not to quit. */
export async function quitApp(parts: QuitParts): Promise<'quit' | 'cancelled'> {
  const base = parts.baseUrl;
  const pipelines = base ? await dockerPipelines(base).catch(() => []) : [];
  if (base && pipelines.length > 0) {
    const { response } = await parts.dialog.showMessageBox({
      type: 'question',
      title: 'Spark Experiments',
      message: 'The streaming pipeline is running in Docker',
      detail:
        'Left running, it goes on without the app and the app takes it over at its next start. Stopped, it finishes its micro-batch and resumes from its checkpoints next time.',
      buttons: [...PIPELINE_BUTTONS],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    });
    if (response === 2) return 'cancelled';
    if (response === 0) await stopPipelines(base, pipelines, parts.pipelineWaitMs ?? 60_000);
  }
  await parts.stopService();
  await parts.stopChildren();
  return 'quit';
}
