// The Spark cluster: its status, start and stop, and the bronze / silver / gold jobs.
import type { SparkStatus } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';
import { withBusy } from './ui-slice.ts';

export interface SparkSlice {
  spark: SparkStatus | null;
  sparkUp(backend?: 'docker' | 'local'): Promise<void>;
  sparkDown(): Promise<void>;
  runJob(job: 'bronze' | 'silver' | 'gold'): Promise<void>;
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
  });
