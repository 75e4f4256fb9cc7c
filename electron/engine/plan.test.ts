import { describe, expect, it } from 'vitest';
import { type GeneratorConfig, parseConfigObject } from '../../shared/config.ts';
import { batchStartsIn, companiesEligible, type Epoch, onboardingOrdinalBase } from './plan.ts';

function config(extra: Record<string, unknown> = {}): GeneratorConfig {
  const result = parseConfigObject({
    number_of_companies: 10,
    drivers_per_company: 5,
    event_rate_per_driver: 3.5,
    company_onboarding_interval: 'PT1H',
    companies_per_onboarding: 2,
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

const T0 = Date.UTC(2024, 0, 1, 12, 7) / 1000; // not on any grid

function epoch(skipped: Array<[number, number]> = [], extra = {}): Epoch {
  return { config: config(extra), seed: 1, startSeconds: T0, companyOffset: 0, skipped };
}

describe('batch grid', () => {
  it('aligns batches to multiples of the interval since 1970 (:00/:15/:30/:45)', () => {
    const starts = batchStartsIn(epoch(), 'driver', T0, T0 + 3600);
    expect(starts.map((s) => new Date(s * 1000).toISOString().slice(11, 16))).toEqual([
      '12:15',
      '12:30',
      '12:45',
      '13:00',
    ]);
    expect(batchStartsIn(epoch(), 'company', T0, T0 + 3 * 3600).length).toBe(3);
  });

  it('leaves out skipped ranges', () => {
    const e = epoch([[T0 + 8 * 60, T0 + 38 * 60]]);
    const starts = batchStartsIn(e, 'driver', T0, T0 + 3600);
    expect(starts.map((s) => new Date(s * 1000).toISOString().slice(11, 16))).toEqual([
      '12:45',
      '13:00',
    ]);
  });
});

describe('company eligibility', () => {
  it('counts the initial fleet and every onboarding batch closed by the interval start', () => {
    const e = epoch();
    const firstOnboarding = Date.UTC(2024, 0, 1, 13) / 1000;
    expect(companiesEligible(e, Date.UTC(2024, 0, 1, 12, 15) / 1000)).toBe(10);
    // The 13:00-14:00 batch is still open at 13:45 and closed at 14:00.
    expect(companiesEligible(e, firstOnboarding + 45 * 60)).toBe(10);
    expect(companiesEligible(e, firstOnboarding + 3600)).toBe(12);
    expect(companiesEligible(e, firstOnboarding + 5 * 3600)).toBe(20);
    expect(onboardingOrdinalBase(e, firstOnboarding)).toBe(10);
    expect(onboardingOrdinalBase(e, firstOnboarding + 2 * 3600)).toBe(14);
  });

  it('does not count onboarding batches in skipped ranges', () => {
    const firstOnboarding = Date.UTC(2024, 0, 1, 13) / 1000;
    const e = epoch([[firstOnboarding + 3600, firstOnboarding + 3 * 3600]]);
    // At 18:00 the batches of 13:00, 16:00 and 17:00 have closed; 14:00 and 15:00 were skipped.
    expect(companiesEligible(e, firstOnboarding + 5 * 3600)).toBe(16);
    expect(onboardingOrdinalBase(e, firstOnboarding + 3 * 3600)).toBe(12);
  });

  it('uses companies_per_batch for the fleet and each batch in emulated mode', () => {
    const e = epoch([], {
      emulated_mode: {
        enabled: true,
        companies_per_batch: 3,
        company_batch_interval: 'PT5S',
        driver_batch_interval: 'PT5S',
      },
    });
    const first = Math.ceil(T0 / 5) * 5;
    expect(companiesEligible(e, first)).toBe(3);
    expect(companiesEligible(e, first + 10)).toBe(9);
  });
});
