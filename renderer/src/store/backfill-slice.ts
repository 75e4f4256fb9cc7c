// Backfill: start a new dataset in the past and produce everything up to now.
import type { BackfillStatus } from '../../../shared/api.ts';
import type { Api } from '../api/client.ts';
import type { Slice } from './slice.ts';
import { withBusy } from './ui-slice.ts';

export interface BackfillSlice {
  backfill: BackfillStatus | null;
  startBackfill(amount: number, unit: 'hours' | 'days'): Promise<void>;
  cancelBackfill(): Promise<void>;
}

const UNIT_MS = { hours: 3_600_000, days: 86_400_000 } as const;

export const createBackfillSlice =
  (api: Api): Slice<BackfillSlice> =>
  (set) => ({
    backfill: null,
    startBackfill: (amount, unit) =>
      withBusy(set, async () => {
        const from = new Date(Date.now() - amount * UNIT_MS[unit]).toISOString();
        set({ backfill: await api.backfill(from) });
      }),
    cancelBackfill: () =>
      withBusy(set, async () => {
        const r = await api.cancelBackfill();
        set({ backfill: r.backfill });
      }),
  });
