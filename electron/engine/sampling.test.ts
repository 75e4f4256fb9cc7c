import { describe, expect, it } from 'vitest';
import { chiSquareCritical, mean, variance, Z } from '../testing/stats.ts';
import { Stream, stream } from './random.ts';
import { logFactorial, poissonSampler } from './sampling.ts';

function poissonPmf(lambda: number, k: number): number {
  return Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
}

/** One stream per draw, as in production (one stream per driver per batch). */
function samplePoisson(lambda: number, n: number): number[] {
  const sample = poissonSampler(lambda);
  return Array.from({ length: n }, (_, i) => sample(stream(7, Stream.driver, 1000, i)));
}

describe('poissonSampler', () => {
  for (const lambda of [0.5, 2, 3.5, 4.2, 9.9, 10, 25.5, 200]) {
    it(`matches Poisson(${lambda}) in mean, variance and shape`, () => {
      const n = 100_000;
      const xs = samplePoisson(lambda, n);
      // Mean: SE sqrt(lambda/n). Variance: SE of s^2 is sqrt((mu4 - sigma^4)/n) = sqrt((lambda + 2 lambda^2)/n).
      expect(Math.abs(mean(xs) - lambda)).toBeLessThan(Z * Math.sqrt(lambda / n));
      expect(Math.abs(variance(xs) - lambda)).toBeLessThan(
        Z * Math.sqrt((lambda + 2 * lambda * lambda) / n),
      );

      // Chi-square goodness of fit over bins with expected count >= 20, tails pooled.
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      let lo = Math.floor(lambda);
      while (lo > 0 && n * poissonPmf(lambda, lo - 1) >= 20) lo--;
      let hi = Math.floor(lambda);
      while (n * poissonPmf(lambda, hi + 1) >= 20) hi++;
      let chi = 0;
      let df = -1;
      let belowP = 0;
      for (let k = 0; k < lo; k++) belowP += poissonPmf(lambda, k);
      const bins: Array<[number, number]> = [[xs.filter((x) => x < lo).length, belowP]];
      let inner = belowP;
      for (let k = lo; k <= hi; k++) {
        const p = poissonPmf(lambda, k);
        inner += p;
        bins.push([counts.get(k) ?? 0, p]);
      }
      bins.push([xs.filter((x) => x > hi).length, 1 - inner]);
      for (const [observed, p] of bins) {
        if (n * p < 1e-9) continue;
        chi += (observed - n * p) ** 2 / (n * p);
        df++;
      }
      expect(chi).toBeLessThan(chiSquareCritical(df));
    });
  }

  it('never returns a negative or fractional count', () => {
    for (const lambda of [0.1, 12, 1000]) {
      for (const x of samplePoisson(lambda, 5000)) {
        expect(Number.isInteger(x) && x >= 0).toBe(true);
      }
    }
  });

  it('rejects a mean that is not positive', () => {
    expect(() => poissonSampler(0)).toThrow(/must be > 0/);
  });
});

describe('logFactorial', () => {
  it('agrees with the exact sum across the table boundary', () => {
    let exact = 0;
    for (let k = 1; k <= 400; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
  });
});
