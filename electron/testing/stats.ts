// Acceptance bounds derived from the distributions under test, at a fixed tiny false-alarm
// probability (about 1e-6 per check), so the tests neither flake nor hide a real bias.
export const Z = 5;

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

/** |observed share - p| allowed for n Bernoulli(p) trials. */
export function shareTolerance(p: number, n: number): number {
  return Z * Math.sqrt((p * (1 - p)) / n);
}

/** Upper chi-square quantile (Wilson-Hilferty) at z standard deviations. */
export function chiSquareCritical(df: number, z = Z): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Kolmogorov-Smirnov statistic of samples against Uniform(0, 1). */
export function ksUniform(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    d = Math.max(d, (i + 1) / n - x, x - i / n);
  });
  return d;
}

/** KS critical value for n samples at false-alarm probability alpha. */
export function ksCritical(n: number, alpha = 1e-6): number {
  return Math.sqrt(-Math.log(alpha / 2) / (2 * n));
}
