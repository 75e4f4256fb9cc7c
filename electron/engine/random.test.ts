import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { mixKey, Stream, stream, Xor128 } from './random.ts';

interface SeedrandomWithState {
  xor128(
    seed: string,
    options: { state: { x: number; y: number; z: number; w: number } },
  ): {
    (): number;
    int32(): number;
    double(): number;
  };
}

describe('Xor128', () => {
  it('reproduces seedrandom.xor128 draw for draw from the same state', () => {
    const keys: Array<[number, number, number, number]> = [
      [1, 2, 3, 4],
      [42, Stream.driver, 1704067200, 0],
      [0xffffffff, 7, 0, 123456],
    ];
    for (const [a, b, c, d] of keys) {
      const [x, y, z, w] = mixKey(a, b, c, d);
      const reference = (seedrandom as unknown as SeedrandomWithState).xor128('', {
        state: { x, y, z, w },
      });
      const ours = new Xor128(x, y, z, w);
      for (let i = 0; i < 1000; i++) expect(ours.nextInt32()).toBe(reference.int32());
      for (let i = 0; i < 100; i++) expect(ours.nextFloat()).toBe(reference());
      for (let i = 0; i < 100; i++) expect(ours.nextDouble()).toBe(reference.double());
    }
  });

  it('keeps the pinned output for a known key (changing it changes every dataset)', () => {
    // Golden values recorded when the algorithm was pinned; a change here is a format break.
    const rng = stream(42, Stream.driver, 1704067200, 7);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
      520337028, 3088030845, 1183273381,
    ]);
  });

  it('below(n) is exactly uniform on small ranges', () => {
    const rng = stream(1, Stream.driver, 0, 0);
    const counts = new Array(7).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[rng.below(7)]++;
    for (const c of counts)
      expect(Math.abs(c / n - 1 / 7)).toBeLessThan(5 * Math.sqrt(((1 / 7) * (6 / 7)) / n));
  });
});

describe('mixKey', () => {
  it('gives distinct states to distinct keys (it is a bijection)', () => {
    const seen = new Set<string>();
    for (let batch = 0; batch < 50; batch++) {
      for (let entity = 0; entity < 2000; entity++) {
        seen.add(mixKey(42, Stream.driver, batch, entity).join(','));
      }
    }
    expect(seen.size).toBe(100_000);
  });

  it('never yields the all-zero state xor128 cannot leave', () => {
    for (let i = 0; i < 10_000; i++) expect(mixKey(0, 0, 0, i).some((w) => w !== 0)).toBe(true);
  });
});
