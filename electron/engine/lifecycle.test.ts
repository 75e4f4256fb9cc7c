// The lifecycle's arithmetic: geometric spells from each company's own stream, the inverse of
// the onboarding plan, the intervals frozen after skipped company batches, and memos
// that give the same answers in any order.
import { describe, expect, it } from 'vitest';
import { configFrom, epochOf } from '../testing/presets.ts';
import {
  announcedInterval,
  CompanySpells,
  EpochLifecycle,
  frozenIntervals,
  geometricGap,
  inSpans,
  onboardingStartOf,
  spanInstant,
  spansLength,
} from './lifecycle.ts';
import { batchStartsIn, type Epoch, epochShape, onboardingOrdinalBase } from './plan.ts';
import { Stream, stream } from './random.ts';

const HOUR = 3600;
const RATES = { deactivation_rate: 0.1, reactivation_rate: 0.3, after_deactivation_rate: 0 };

function epochWith(skipped: Array<[number, number]>, extra: Record<string, unknown> = {}): Epoch {
  const config = configFrom({
    seed: 3,
    number_of_companies: 4,
    drivers_per_company: 2,
    event_rate_per_driver: 1,
    company_onboarding_interval: 'PT1H',
    companies_per_onboarding: 3,
    lifecycle: RATES,
    ...extra,
  });
  // Starts off the hour, so the first company batch is aligned up.
  return { ...epochOf(config), startSeconds: epochOf(config).startSeconds + 17, skipped };
}

describe('geometricGap', () => {
  it('counts whole intervals before the first success, with mean (1 - p) / p', () => {
    const rng = stream(1, Stream.companyLifecycle, 0, 0);
    const n = 40_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += geometricGap(rng, 0.2);
    expect(sum / n).toBeGreaterThan(3.9);
    expect(sum / n).toBeLessThan(4.1);
  });

  it('is never for p = 0 and 0 for p = 1, without drawing', () => {
    const rng = stream(1, Stream.companyLifecycle, 0, 1);
    expect(geometricGap(rng, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(geometricGap(rng, 1)).toBe(0);
    expect(rng.nextUint32()).toBe(stream(1, Stream.companyLifecycle, 0, 1).nextUint32());
  });
});

describe('onboardingStartOf', () => {
  it('inverts the onboarding plan around skipped batches', () => {
    const epoch = epochWith([
      [Date.UTC(2024, 0, 1, 3) / 1000, Date.UTC(2024, 0, 1, 5) / 1000 + 1],
      [Date.UTC(2024, 0, 1, 9, 30) / 1000, Date.UTC(2024, 0, 1, 10, 30) / 1000],
    ]);
    const shape = epochShape(epoch);
    for (let local = 0; local < shape.initialFleet; local++)
      expect(onboardingStartOf(epoch, shape, local)).toBeNull();
    const starts = batchStartsIn(
      epoch,
      'company',
      epoch.startSeconds,
      epoch.startSeconds + 24 * HOUR,
    );
    expect(starts).not.toContain(Date.UTC(2024, 0, 1, 4) / 1000);
    expect(starts).not.toContain(Date.UTC(2024, 0, 1, 10) / 1000);
    for (const t of starts) {
      const base = onboardingOrdinalBase(epoch, t, shape);
      for (let i = 0; i < shape.companiesPerOnboarding; i++)
        expect(onboardingStartOf(epoch, shape, base + i)).toBe(t);
    }
  });
});

describe('frozenIntervals', () => {
  it('are the intervals whose announcing batch (the one before) was skipped', () => {
    const epoch = epochWith([
      [Date.UTC(2024, 0, 1, 3) / 1000, Date.UTC(2024, 0, 1, 6) / 1000],
      // Mid-interval to mid-interval: the batches of 07:00 and 08:00 are skipped.
      [Date.UTC(2024, 0, 1, 6, 30) / 1000, Date.UTC(2024, 0, 1, 8, 15) / 1000],
      // Within one interval, no grid point: nothing skipped, nothing frozen.
      [Date.UTC(2024, 0, 1, 10, 5) / 1000, Date.UTC(2024, 0, 1, 10, 50) / 1000],
    ]);
    const shape = epochShape(epoch);
    const frozen = frozenIntervals(epoch, shape);
    const existing = new Set(
      batchStartsIn(epoch, 'company', epoch.startSeconds, epoch.startSeconds + 12 * HOUR).map(
        (t) => (t - shape.firstCompanyStart) / shape.companySeconds,
      ),
    );
    // The first company interval is 01:00 (the epoch starts at 00:00:17).
    expect(frozen).toEqual([
      [3, 6],
      [7, 9],
    ]);
    for (let k = 1; k < 11; k++) {
      const isFrozen = frozen.some(([a, b]) => k >= a && k < b);
      expect(isFrozen).toBe(!existing.has(k - 1));
    }
  });

  it('merge when the skipped ranges touch, and skip none before the first interval', () => {
    const epoch = epochWith([
      [0, Date.UTC(2024, 0, 1, 2) / 1000],
      [Date.UTC(2024, 0, 1, 2) / 1000, Date.UTC(2024, 0, 1, 4) / 1000],
    ]);
    // Batches 01:00 (interval 0) to 03:00 are skipped: intervals 1 to 3 are not announced.
    expect(frozenIntervals(epoch, epochShape(epoch))).toEqual([[1, 4]]);
    // A gap of one hour between them: 02:00 exists and announces interval 2.
    const apart = epochWith([
      [0, Date.UTC(2024, 0, 1, 2) / 1000],
      [Date.UTC(2024, 0, 1, 2) / 1000 + 1, Date.UTC(2024, 0, 1, 4) / 1000],
    ]);
    expect(frozenIntervals(apart, epochShape(apart))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('announcedInterval', () => {
  it('counts only the intervals that are not frozen', () => {
    const frozen: Array<[number, number]> = [
      [3, 6],
      [7, 9],
    ];
    const got = Array.from({ length: 8 }, (_, gap) => announcedInterval(frozen, 0, gap));
    expect(got).toEqual([0, 1, 2, 6, 9, 10, 11, 12]);
    expect(announcedInterval(frozen, 4, 0)).toBe(6);
    expect(announcedInterval(frozen, 6, 1)).toBe(9);
    expect(announcedInterval([], 5, 7)).toBe(12);
  });

  it('leave the spells of a company without skipped intervals as they were', () => {
    const epoch = epochWith([]);
    const shape = epochShape(epoch);
    const t0 = shape.firstCompanyStart * 1000;
    const step = shape.companySeconds * 1000;
    const plain = new CompanySpells(3, 2, 0, RATES, t0, step);
    const frozen = new CompanySpells(3, 2, 0, RATES, t0, step, [[400, 410]]);
    plain.extend(t0 + 600 * step);
    frozen.extend(t0 + 600 * step);
    const before = plain.changes.filter((ms) => ms < t0 + 400 * step);
    expect(before.length).toBeGreaterThan(5);
    expect(frozen.changes.slice(0, before.length)).toEqual(before);
    for (const ms of frozen.changes)
      expect(ms < t0 + 400 * step || ms >= t0 + 410 * step).toBe(true);
  });
});

describe('CompanySpells', () => {
  const epoch = epochWith([]);
  const shape = epochShape(epoch);
  const t0 = shape.firstCompanyStart * 1000;
  const stepMs = shape.companySeconds * 1000;

  it('alternate deactivation and reactivation, one change per company interval at most', () => {
    const spells = new CompanySpells(3, 0, 0, RATES, t0, stepMs);
    spells.extend(t0 + 500 * stepMs);
    const c = spells.changes;
    expect(c.length).toBeGreaterThan(20);
    for (let i = 1; i < c.length; i++) {
      expect(Math.floor(((c[i] ?? 0) - t0) / stepMs)).toBeGreaterThan(
        Math.floor(((c[i - 1] ?? 0) - t0) / stepMs),
      );
    }
    // Inactive exactly from a deactivation (even index) to the next reactivation.
    const spans = spells.inactiveSpans(t0, t0 + 500 * stepMs) ?? [];
    for (let i = 0; i < spans.length; i++) expect(spans[i]).toBe(c[i]);
  });

  it('never reactivate with reactivation_rate 0', () => {
    const spells = new CompanySpells(3, 1, 0, { ...RATES, reactivation_rate: 0 }, t0, stepMs);
    spells.extend(t0 + 10_000 * stepMs);
    expect(spells.changes.length).toBe(1);
    expect(spells.inactiveSpans(t0 + 9_000 * stepMs, t0 + 9_001 * stepMs)).toEqual([
      t0 + 9_000 * stepMs,
      t0 + 9_001 * stepMs,
    ]);
  });

  it('leave about d / (d + r) of the companies inactive', () => {
    const at = t0 + 300 * stepMs;
    let inactive = 0;
    for (let ordinal = 0; ordinal < 4000; ordinal++) {
      const spells = new CompanySpells(3, ordinal, 0, RATES, t0, stepMs);
      if (spells.countBefore(at) % 2 === 1) inactive++;
    }
    expect(inactive / 4000).toBeGreaterThan(0.22);
    expect(inactive / 4000).toBeLessThan(0.28);
  });

  it('answer the same in any order', () => {
    const forward = new EpochLifecycle(epoch, shape, RATES);
    const backward = new EpochLifecycle(epoch, shape, RATES);
    const windows = Array.from({ length: 200 }, (_, k) => [
      t0 + k * 900_000,
      t0 + (k + 1) * 900_000,
    ]);
    const ask = (l: EpochLifecycle, local: number, [a, b]: number[]) => ({
      spans: l.of(local).inactiveSpans(a ?? 0, b ?? 0),
      changes: l.of(local).changesIn(a ?? 0, b ?? 0),
    });
    const answers = (l: EpochLifecycle, order: number[]) => {
      const out = new Map<string, ReturnType<typeof ask>>();
      for (const k of order)
        for (const local of [0, 5, 9]) out.set(`${local}@${k}`, ask(l, local, windows[k] ?? []));
      return out;
    };
    const ks = windows.map((_, k) => k);
    const one = answers(forward, ks);
    const two = answers(backward, [...ks].reverse());
    for (const [key, value] of one) expect(two.get(key)).toEqual(value);
    expect([...one.values()].some((a) => a.spans !== null)).toBe(true);
  });
});

describe('spans', () => {
  it('measure, contain and index their instants', () => {
    const spans = [100, 150, 200, 260];
    expect(spansLength(spans)).toBe(110);
    expect(inSpans(spans, 100)).toBe(true);
    expect(inSpans(spans, 150)).toBe(false);
    expect(inSpans(spans, 259)).toBe(true);
    expect(spanInstant(spans, 0)).toBe(100);
    expect(spanInstant(spans, 49)).toBe(149);
    expect(spanInstant(spans, 50)).toBe(200);
    expect(spanInstant(spans, 109)).toBe(259);
  });
});
