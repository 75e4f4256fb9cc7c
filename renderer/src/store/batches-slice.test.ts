import { describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../shared/api.ts';
import { addBatch, MAX_BATCHES } from './batches-slice.ts';

const b = (id: string, extra: Partial<BatchMeta> = {}) => ({ batch_id: id, ...extra }) as BatchMeta;

describe('addBatch', () => {
  it('puts a new batch at the top and keeps at most MAX_BATCHES', () => {
    const list = Array.from({ length: MAX_BATCHES }, (_, i) => b(String(MAX_BATCHES - i)));
    const next = addBatch(list, b('new'));
    expect(next[0]?.batch_id).toBe('new');
    expect(next).toHaveLength(MAX_BATCHES);
    expect(next[MAX_BATCHES - 1]?.batch_id).toBe('2');
  });

  it('replaces a batch reported again where it is (its company changes counted later)', () => {
    const list = [b('3'), b('2', { deactivated_count: 0 }), b('1')];
    const next = addBatch(list, b('2', { deactivated_count: 4 }));
    expect(next.map((m) => m.batch_id)).toEqual(['3', '2', '1']);
    expect(next[1]?.deactivated_count).toBe(4);
  });
});
