// The latest committed batches, and the one opened for a closer look.
import type { BatchDetail, BatchMeta } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';
import { actionFailed } from './ui-slice.ts';

/** How many batches the list holds: enough for the panels, small enough to redraw often. */
export const MAX_BATCHES = 200;

export interface BatchesSlice {
  batches: BatchMeta[];
  selectedBatch: BatchDetail | null;
  /** How often Clean emptied the data: a list fetched before the last clean is stale. */
  cleaned: number;
  openBatch(id: string): Promise<void>;
  closeBatch(): void;
}

/**
 * Puts a committed batch at the top; a batch reported again (its company changes counted
 * later) replaces its earlier report where it is.
 */
export function addBatch(batches: BatchMeta[], meta: BatchMeta): BatchMeta[] {
  const at = batches.findIndex((b) => b.batch_id === meta.batch_id);
  if (at >= 0) return batches.map((b, i) => (i === at ? meta : b));
  return [meta, ...batches].slice(0, MAX_BATCHES);
}

export const createBatchesSlice =
  (api: Api): Slice<BatchesSlice> =>
  (set) => ({
    batches: [],
    selectedBatch: null,
    cleaned: 0,
    async openBatch(id) {
      try {
        set({ selectedBatch: await api.batch(id) });
      } catch (err) {
        actionFailed(set, err);
      }
    },
    closeBatch: () => set({ selectedBatch: null }),
  });
