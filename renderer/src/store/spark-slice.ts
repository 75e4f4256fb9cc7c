// The Spark cluster: its status, start and stop, the bronze / silver / gold jobs and the
// streaming pipeline.
import type { SparkStatus } from '../../../shared/api.ts';
import type { SparkJobName } from '../../../shared/spark.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';
import { withBusy } from './ui-slice.ts';

export interface SparkSlice {
  spark: SparkStatus | null;
  sparkUp(backend?: 'docker' | 'local'): Promise<void>;
  sparkDown(): Promise<void>;
  runJob(job: SparkJobName): Promise<void>;
  stopJob(id: number): Promise<void>;
}

/** The pipeline run that is streaming or stopping, if any. */
export function activePipeline(spark: SparkStatus | null) {
  return spark?.jobs.find(
    (j) => j.job === 'pipeline' && (j.state === 'running' || j.state === 'stopping'),
  );
}

export const createSparkSlice =
  (api: Api): Slice<SparkSlice> =>
  (set) => ({
    spark: null,
    // Each action reads the status again after, rather than waiting for the next event.
    sparkUp: (backend) =>
      withBusy(set, async () => {
        await api.sparkUp(backend);
        set({ spark: await api.spark() });
      }),
    sparkDown: () =>
      withBusy(set, async () => {
        await api.sparkDown();
        set({ spark: await api.spark() });
      }),
    runJob: (job) =>
      withBusy(set, async () => {
        await api.sparkJob(job);
        set({ spark: await api.spark() });
      }),
    stopJob: (id) =>
      withBusy(set, async () => {
        await api.stopSparkJob(id);
        set({ spark: await api.spark() });
      }),
  });
