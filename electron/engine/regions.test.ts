// Regions: a company's region comes from its own stream; the daily profile makes a driver's
// rate follow the local hour of its company's zone, across daylight-saving changes, on the
// unchanged UTC grid (no interval skipped or doubled).
import { describe, expect, it } from 'vitest';
import { DEFAULT_DAILY_PROFILE, REGIONS, type Region } from '../../shared/world-config.ts';
import { batchText, configFrom, epochOf } from '../testing/presets.ts';
import { generateCompanyBatch } from './companies.ts';
import { batchStartsIn } from './plan.ts';
import { localDate, localHour, profileFactors, regionOf } from './regions.ts';

const DAY = 86_400;
const FLEET = {
  seed: 5,
  number_of_companies: 20,
  drivers_per_company: 10,
  event_rate_per_driver: 4,
  company_onboarding_interval: 'P1D',
  companies_per_onboarding: 0,
};

describe('company regions', () => {
  it('follow the weights, never pick a region of weight 0, and depend only on the ordinal', () => {
    const config = configFrom({ ...FLEET, regions: { weights: { US: 0.5, EU: 0.3, AUS: 0.2 } } });
    const regions = config.regions;
    if (!regions) throw new Error('no regions');
    const counts: Record<string, number> = { US: 0, EU: 0, SA: 0, AUS: 0 };
    const n = 20_000;
    for (let o = 0; o < n; o++)
      counts[regionOf(7, o, regions)] = (counts[regionOf(7, o, regions)] ?? 0) + 1;
    expect(counts.SA).toBe(0);
    for (const [r, w] of [
      ['US', 0.5],
      ['EU', 0.3],
      ['AUS', 0.2],
    ] as const)
      expect(Math.abs((counts[r] ?? 0) / n - w)).toBeLessThan(0.015);
    // Another seed gives other regions; the same seed and ordinal the same one.
    const other = Array.from({ length: 200 }, (_, o) => regionOf(8, o, regions));
    const same = Array.from({ length: 200 }, (_, o) => regionOf(7, o, regions));
    expect(other).not.toEqual(same);
    expect(Array.from({ length: 200 }, (_, o) => regionOf(7, o, regions))).toEqual(same);
  });

  it("are the companies' geography; without regions every company is US", () => {
    const on = configFrom({ ...FLEET, regions: {} });
    const off = configFrom(FLEET);
    const geo = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).geography);
    const withRegions = geo(generateCompanyBatch(epochOf(on), { kind: 'initial' }).text);
    expect(withRegions).toEqual(
      Array.from({ length: 20 }, (_, o) => regionOf(5, o, on.regions ?? ({} as never))),
    );
    expect(new Set(withRegions).size).toBeGreaterThan(1);
    expect(new Set(geo(generateCompanyBatch(epochOf(off), { kind: 'initial' }).text))).toEqual(
      new Set(['US']),
    );
  });

  it('change no event without a daily profile, and count valid rows by region', () => {
    const on = epochOf(configFrom({ ...FLEET, regions: {} }));
    const off = epochOf(configFrom(FLEET));
    const start = on.startSeconds + 3600;
    const a = batchText(on, start);
    const b = batchText(off, start);
    expect(a.lines).toEqual(b.lines);
    const { events_by_region: byRegion, ...rest } = a.meta;
    expect(rest).toEqual(b.meta);
    expect(Object.keys(a.meta).at(-1)).toBe('events_by_region');
    const expected: Record<string, number> = Object.fromEntries(REGIONS.map((r) => [r, 0]));
    const ordinals = companyOrdinals(on);
    for (const line of a.lines) {
      const ordinal = ordinals.get(JSON.parse(line).company_id as string) ?? -1;
      const region = regionOf(on.seed, ordinal, on.config.regions ?? ({} as never));
      expected[region] = (expected[region] ?? 0) + 1;
    }
    expect(byRegion).toEqual(expected);
    expect(b.meta.events_by_region).toBeUndefined();
  });

  it('leave emulated batches alone: the profile applies to production mode only', () => {
    const emulated = { ...FLEET, emulated_mode: { enabled: true } };
    const flat = epochOf(configFrom({ ...emulated, regions: { daily_profile: false } }));
    const profiled = epochOf(configFrom({ ...emulated, regions: { daily_profile: true } }));
    for (const s of [3 * 3600, 8 * 3600, 14 * 3600].map((h) => flat.startSeconds + h)) {
      expect(batchText(profiled, s)).toEqual(batchText(flat, s));
    }
  });
});

/** The initial fleet's ordinals by company id. */
function companyOrdinals(epoch: ReturnType<typeof epochOf>): Map<string, number> {
  const text = generateCompanyBatch(epoch, { kind: 'initial' }).text;
  return new Map(
    text
      .trim()
      .split('\n')
      .map((l, i) => [JSON.parse(l).company_id as string, i]),
  );
}

/**
 * The 2024 changes, with the UTC instant of each and the zone's UTC offset (hours) before and
 * after it: the definitions of the rules, not the code under test.
 */
const CHANGES: Array<{
  region: Region;
  zone: string;
  date: string;
  atUtc: string;
  before: number;
  after: number;
  intervals: number;
}> = [
  {
    region: 'US',
    zone: 'America/Chicago',
    date: '2024-03-10',
    atUtc: '2024-03-10T08:00:00Z',
    before: -6,
    after: -5,
    intervals: 92,
  },
  {
    region: 'US',
    zone: 'America/Chicago',
    date: '2024-11-03',
    atUtc: '2024-11-03T07:00:00Z',
    before: -5,
    after: -6,
    intervals: 100,
  },
  {
    region: 'EU',
    zone: 'Europe/Berlin',
    date: '2024-03-31',
    atUtc: '2024-03-31T01:00:00Z',
    before: 1,
    after: 2,
    intervals: 92,
  },
  {
    region: 'EU',
    zone: 'Europe/Berlin',
    date: '2024-10-27',
    atUtc: '2024-10-27T01:00:00Z',
    before: 2,
    after: 1,
    intervals: 100,
  },
  {
    region: 'AUS',
    zone: 'Australia/Sydney',
    date: '2024-04-07',
    atUtc: '2024-04-06T16:00:00Z',
    before: 11,
    after: 10,
    intervals: 100,
  },
  {
    region: 'AUS',
    zone: 'Australia/Sydney',
    date: '2024-10-06',
    atUtc: '2024-10-05T16:00:00Z',
    before: 10,
    after: 11,
    intervals: 92,
  },
];

describe.each(CHANGES)('daylight saving: $zone on $date', (change) => {
  const changeMs = Date.parse(change.atUtc);
  const expectedHour = (ms: number) => {
    const offset = ms < changeMs ? change.before : change.after;
    return (((new Date(ms).getUTCHours() + offset) % 24) + 24) % 24;
  };
  const config = configFrom({
    ...FLEET,
    regions: { weights: { [change.region]: 1 }, daily_profile: true },
  });
  const regions = config.regions;
  if (!regions) throw new Error('no regions');
  const dayStart =
    Date.UTC(
      Number(change.date.slice(0, 4)),
      Number(change.date.slice(5, 7)) - 1,
      Number(change.date.slice(8, 10)),
    ) / 1000;
  // From two UTC days before the local date to two after: the whole local day and its neighbours.
  const epoch = epochOf(config, dayStart - 2 * DAY);
  const starts = batchStartsIn(epoch, 'driver', dayStart - 2 * DAY, dayStart + 2 * DAY);
  const regionIndex = REGIONS.indexOf(change.region);

  it('the local hour follows the rule; the local day of the change has the right intervals', () => {
    for (const s of starts) expect(localHour(change.zone, s * 1000)).toBe(expectedHour(s * 1000));
    const onDay = starts.filter((s) => localDate(change.zone, s * 1000) === change.date);
    expect(onDay).toHaveLength(change.intervals);
    // Contiguous on the UTC grid: the local day is one run of intervals.
    for (let i = 1; i < onDay.length; i++) expect((onDay[i] ?? 0) - (onDay[i - 1] ?? 0)).toBe(900);
    const perHour = new Map<number, number>();
    for (const s of onDay) {
      const h = localHour(change.zone, s * 1000);
      perHour.set(h, (perHour.get(h) ?? 0) + 1);
    }
    const counts = [...perHour.values()];
    if (change.intervals === 92) {
      expect(perHour.size).toBe(23);
      expect(counts.every((n) => n === 4)).toBe(true);
    } else {
      expect(perHour.size).toBe(24);
      expect(counts.filter((n) => n === 8)).toHaveLength(1);
      expect(counts.filter((n) => n === 4)).toHaveLength(23);
    }
  });

  it('drivers follow the local hour on both sides, with no interval skipped or doubled', () => {
    const metas = starts.map((s) => batchText(epoch, s).meta);
    // The UTC grid: 96 batches a UTC day, each ending where the next starts, none twice.
    expect(metas).toHaveLength(4 * 96);
    for (let i = 1; i < metas.length; i++)
      expect(metas[i]?.interval_start).toBe(metas[i - 1]?.interval_end);
    expect(new Set(metas.map((m) => m.batch_id)).size).toBe(metas.length);
    const drivers = FLEET.number_of_companies * FLEET.drivers_per_company;
    for (const [i, s] of starts.entries()) {
      const hour = expectedHour(s * 1000);
      const factor = DEFAULT_DAILY_PROFILE[hour] ?? Number.NaN;
      expect(profileFactors(regions, s * 1000)[regionIndex]).toBe(factor);
      // Poisson counts of the whole fleet: within 6 standard deviations of the hour's mean.
      const mean = drivers * FLEET.event_rate_per_driver * factor;
      const count = metas[i]?.event_count ?? Number.NaN;
      expect(Math.abs(count - mean)).toBeLessThanOrEqual(6 * Math.sqrt(mean) + 1);
      expect(metas[i]?.events_by_region?.[change.region]).toBe(count);
    }
    // The local 08:00 hour is busy on both sides of the change, 03:00 quiet.
    const atLocal = (hour: number, before: boolean) =>
      starts
        .map((s, i) => ({ s, n: metas[i]?.event_count ?? 0 }))
        .filter(({ s }) => expectedHour(s * 1000) === hour && s * 1000 < changeMs === before)
        .map(({ n }) => n);
    for (const before of [true, false]) {
      const busy = atLocal(8, before);
      const quiet = atLocal(3, before);
      expect(busy.length).toBeGreaterThanOrEqual(4);
      expect(quiet.length).toBeGreaterThanOrEqual(4);
      expect(Math.min(...busy)).toBeGreaterThan(5 * Math.max(...quiet));
    }
  });

  it('keeps UTC timestamps inside each UTC interval', () => {
    const s = Math.floor(changeMs / 1000 / 900) * 900;
    const batch = batchText(epoch, s);
    expect(batch.lines.length).toBeGreaterThan(0);
    for (const line of batch.lines) {
      const ts = JSON.parse(line).timestamp as string;
      expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(ts)).toBeGreaterThanOrEqual(s * 1000);
      expect(Date.parse(ts)).toBeLessThan((s + 900) * 1000);
    }
  });
});
