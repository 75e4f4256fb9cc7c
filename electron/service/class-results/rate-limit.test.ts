// The token bucket per address: a burst, then a steady rate, in bounded memory.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

function limiter(maxAddresses = 100) {
  const clock = { now: 1_000_000 };
  const limit = new RateLimiter({ burst: 5, perSecond: 2, maxAddresses, now: () => clock.now });
  return { clock, limit };
}

describe('RateLimiter', () => {
  it('lets a burst through, then refuses with how long to wait, then refills at its rate', () => {
    const { clock, limit } = limiter();
    const first = Array.from({ length: 8 }, () => limit.take('10.0.0.2').ok);
    expect(first).toEqual([true, true, true, true, true, false, false, false]);
    expect(limit.take('10.0.0.2')).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Another address has its own bucket.
    expect(limit.take('10.0.0.3').ok).toBe(true);
    clock.now += 1000; // 2 tokens back
    expect([
      limit.take('10.0.0.2').ok,
      limit.take('10.0.0.2').ok,
      limit.take('10.0.0.2').ok,
    ]).toEqual([true, true, false]);
    clock.now += 60_000; // never more than the burst
    expect(Array.from({ length: 6 }, () => limit.take('10.0.0.2').ok).filter(Boolean)).toHaveLength(
      5,
    );
  });

  it('never tracks more addresses than its bound: full buckets make room, a flood of new ones is refused', () => {
    const { clock, limit } = limiter(3);
    for (const a of ['a', 'b', 'c']) expect(limit.take(a).ok).toBe(true);
    // All three are in debt: a fourth address is refused and not tracked.
    expect(limit.take('d')).toMatchObject({ ok: false });
    expect(limit.size).toBe(3);
    // Half a second later each has its token back (full again): they are dropped for `d`.
    clock.now += 500;
    expect(limit.take('d').ok).toBe(true);
    expect(limit.size).toBe(1);
    for (let i = 0; i < 1000; i++) limit.take(`flood-${i}`);
    expect(limit.size).toBeLessThanOrEqual(3);
  });
});
