import { describe, expect, it } from 'vitest';
import type { DataStore, StoredBatchMeta } from '../store/store.ts';
import { BatchIndex } from './batch-index.ts';

const START = '2024-01-01T00:00:00.000Z';

/** Just what BatchIndex reads of a store for listing: its epochs. */
function storeWith(lifecycle: boolean): DataStore {
  const config = lifecycle ? { lifecycle: { deactivation_rate: 0.1 } } : {};
  return { epochs: [{ start: START, config }] } as unknown as DataStore;
}

const meta = (quarter: number) => {
  const start = Date.parse(START) + quarter * 900_000;
  return {
    batch_id: `q${quarter}`,
    interval_start: new Date(start).toISOString(),
    interval_end: new Date(start + 900_000).toISOString(),
  } as StoredBatchMeta;
};

describe('BatchIndex company changes', () => {
  it('counts changes per interval, and names the batches a later company batch changed', () => {
    const index = new BatchIndex(storeWith(true));
    expect(index.add(meta(0))).toMatchObject({ deactivated_count: 0, reactivated_count: 0 });
    index.add(meta(1));
    index.add(meta(2));
    const at = (quarter: number, minute: number) =>
      Date.parse(START) + quarter * 900_000 + minute * 60_000;
    const changed = index.addChanges({
      deactivated: [at(0, 3), at(2, 14)],
      reactivated: [at(2, 1)],
    });
    expect(changed.map((m) => [m.batch_id, m.deactivated_count, m.reactivated_count])).toEqual([
      ['q2', 1, 1],
      ['q0', 1, 0],
    ]);
    expect(index.list(10).map((m) => m.deactivated_count)).toEqual([1, 0, 1]);
    expect(index.addChanges({ deactivated: [], reactivated: [] })).toEqual([]);
    index.clear();
    expect(index.list(10)).toEqual([]);
  });

  it('leaves the counts out for an epoch without lifecycle', () => {
    const index = new BatchIndex(storeWith(false));
    index.add(meta(0));
    index.addChanges({ deactivated: [Date.parse(START)], reactivated: [] });
    expect(index.list(1)[0]).not.toHaveProperty('deactivated_count');
  });
});
