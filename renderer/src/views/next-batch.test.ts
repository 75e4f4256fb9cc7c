import { describe, expect, it } from 'vitest';
import type { BatchMeta, Health } from '../../../shared/api.ts';
import { countdown, nextBatchAt } from './next-batch.ts';

const health = (extra: Partial<Health>): Health =>
  ({
    status: 'running',
    backfill: null,
    emulated_config: null,
    driver_generator: { last_interval_end: null },
    ...extra,
  }) as Health;
const batch = (start: string, end: string) =>
  ({ interval_start: start, interval_end: end }) as BatchMeta;
const emulated = (seconds: number) =>
  ({ driver_interval_seconds: seconds }) as Health['emulated_config'];

describe('when the next batch is due', () => {
  it("one emulated interval after the newest interval's end", () => {
    const h = health({
      emulated_config: emulated(5),
      driver_generator: { last_interval_end: '2026-01-01T10:00:05Z' } as Health['driver_generator'],
    });
    expect(nextBatchAt(h, undefined)).toBe(Date.parse('2026-01-01T10:00:10Z'));
  });

  it("from the newest batch's own length for a production preset", () => {
    const newest = batch('2026-01-01T10:00:00Z', '2026-01-01T10:15:00Z');
    expect(nextBatchAt(health({}), newest)).toBe(Date.parse('2026-01-01T10:30:00Z'));
  });

  it('from the newest batch on the stream when the health report is older', () => {
    const h = health({
      emulated_config: emulated(5),
      driver_generator: { last_interval_end: '2026-01-01T10:00:05Z' } as Health['driver_generator'],
    });
    const newest = batch('2026-01-01T10:00:15Z', '2026-01-01T10:00:20Z');
    expect(nextBatchAt(h, newest)).toBe(Date.parse('2026-01-01T10:00:25Z'));
  });

  it('is unknown while paused, during a backfill, and before any batch', () => {
    const newest = batch('2026-01-01T10:00:00Z', '2026-01-01T10:00:05Z');
    expect(nextBatchAt(null, newest)).toBeNull();
    expect(nextBatchAt(health({ status: 'paused' }), newest)).toBeNull();
    expect(
      nextBatchAt(health({ backfill: { running: true } as Health['backfill'] }), newest),
    ).toBeNull();
    expect(nextBatchAt(health({ emulated_config: emulated(5) }), undefined)).toBeNull();
  });
});

describe('the countdown', () => {
  const at = Date.parse('2026-01-01T10:00:00Z');
  it('counts whole seconds up, then minutes, then hours', () => {
    expect(countdown(at + 4_200, at)).toBe('in 5 s');
    expect(countdown(at + 725_000, at)).toBe('in 12 min 5 s');
    expect(countdown(at + 3_780_000, at)).toBe('in 1 h 3 min');
  });
  it('says "due now" once the time has come', () => {
    expect(countdown(at, at)).toBe('due now');
    expect(countdown(at - 2_000, at)).toBe('due now');
  });
});
