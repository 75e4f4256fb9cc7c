// Exact samplers over an Xor128 stream.
import type { Xor128 } from './random.ts';

export type PoissonSampler = (rng: Xor128) => number;

/**
 * Poisson(lambda): Knuth's multiplication method below 10 (expected lambda + 1 draws),
 * Hörmann's PTRS transformed rejection with squeeze from 10 on (bounded draws for any lambda).
 */
export function poissonSampler(lambda: number): PoissonSampler {
  if (!(lambda > 0)) throw new RangeError(`poisson mean must be > 0, got ${lambda}`);
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    return (rng) => {
      let k = 0;
      let product = rng.nextFloat();
      while (product > limit) {
        k++;
        product *= rng.nextFloat();
      }
      return k;
    };
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  const logInvalpha = Math.log(invalpha);
  return (rng) => {
    for (;;) {
      const u = rng.nextDouble() - 0.5;
      const v = rng.nextDouble();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + logInvalpha - Math.log(a / (us * us) + b) <=
        -lambda + k * loglam - logFactorial(k)
      ) {
        return k;
      }
    }
  };
}

const SMALL_LOG_FACTORIALS = (() => {
  const table = [0];
  for (let i = 1; i < 256; i++) table.push((table[i - 1] ?? 0) + Math.log(i));
  return table;
})();

/** ln(k!) : a table for small k, Stirling's series beyond (error < 1e-15 there). */
export function logFactorial(k: number): number {
  if (k < SMALL_LOG_FACTORIALS.length) return SMALL_LOG_FACTORIALS[k] ?? 0;
  const n = k + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (
    (n - 0.5) * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

/** Index drawn from cumulative weights (last entry = total); weights need not sum to 1. */
export function weightedIndex(rng: Xor128, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const u = rng.nextFloat() * total;
  for (let i = 0; i < cumulative.length - 1; i++) {
    if (u < (cumulative[i] ?? 0)) return i;
  }
  return cumulative.length - 1;
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => {
    sum += w;
    return sum;
  });
}
