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

export type SparkJob = SparkStatus['jobs'][number];

/** The streaming pipelines running in Docker, the ones that would outlive the app. */
export function dockerPipelines(status: Pick<SparkStatus, 'jobs'>): SparkJob[] {
  return status.jobs.filter(
    (j) => j.job === 'pipeline' && j.backend === 'docker' && j.state === 'running',
  );
}

/** Asks the service to stop a job, through its HTTP API like any other client. */
export async function stopJobThroughApi(base: string, id: number): Promise<void> {
  const response = await fetch(`${base}/api/spark/jobs/${id}/stop`, { method: 'POST' });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`stopping job ${id} answered ${response.status}`);
}

export interface QuitParts {
  dialog: ElectronApi['dialog'];
  /** The jobs the service runs now (empty when it is not running). */
  jobs(): Promise<Pick<SparkStatus, 'jobs'>>;
  stopJob(id: number): Promise<void>;
  /** Stops the service (the batch in flight is finished; a local Spark is stopped). */
  stopService(): Promise<void>;
  /** Ends every program still running (child-ledger.ts). */
  stopChildren(): Promise<void>;
  /** How long to wait for a stopped pipeline to finish its micro-batch. */
  pipelineWaitMs?: number;
}

/** Ends what the app started; 'cancelled' when the user chose not to quit. */
export async function quitApp(parts: QuitParts): Promise<'quit' | 'cancelled'> {
  const pipelines = dockerPipelines(await parts.jobs().catch(() => ({ jobs: [] })));
  if (pipelines.length > 0) {
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
    if (response === 0) {
      for (const job of pipelines) await parts.stopJob(job.id);
      const until = Date.now() + (parts.pipelineWaitMs ?? 60_000);
      while (Date.now() < until && dockerPipelines(await parts.jobs()).length > 0)
        await new Promise((r) => setTimeout(r, 250));
    }
  }
  await parts.stopService();
  await parts.stopChildren();
  return 'quit';
}
