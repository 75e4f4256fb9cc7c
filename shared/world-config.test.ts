// The world's three optional sections: what they accept and refuse, their defaults, and that
// their absence leaves every shipped preset's identity, class code fingerprint and stored form
// as they were.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { configFingerprint } from './class-code.ts';
import {
  configToRaw,
  contentIdentity,
  type GeneratorConfig,
  parseConfigObject,
  parseConfigYaml,
} from './config.ts';
import { normalizedConfigSchema } from './normalized-config.ts';
import {
  DEFAULT_DAILY_PROFILE,
  DEFAULT_TIME_ZONES,
  halvingWeights,
  isTimeZone,
  normalizeWeights,
  REGIONS,
} from './world-config.ts';

const presetsDir = join(import.meta.dirname, '..', 'presets');
const BASE = `number_of_companies: 10
drivers_per_company: 5
event_rate_per_driver: 3.5
company_onboarding_interval: PT1H
`;

function configOf(text: string): GeneratorConfig {
  const result = parseConfigYaml(text, 'test');
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.config;
}

function messagesOf(text: string): string[] {
  const result = parseConfigYaml(text, 'test');
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues.map((i) => i.message);
}

describe('shipped presets without the world sections', () => {
  const files = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s: identity and fingerprint as computed without the new keys', (file) => {
    const data = yaml.load(readFileSync(join(presetsDir, file), 'utf8'), {
      schema: yaml.JSON_SCHEMA,
    }) as Record<string, unknown>;
    const { regions: _r, lifecycle: _l, late_arrivals: _a, ...without } = data;
    const plain = parseConfigObject(without, file);
    const parsed = parseConfigObject(data, file);
    if (!plain.ok || !parsed.ok) throw new Error(`${file} is invalid`);
    const hasWorld = 'regions' in data || 'lifecycle' in data || 'late_arrivals' in data;
    if (hasWorld) {
      // A preset of issue 19 (world, late-data): its sections do move its identity.
      expect(contentIdentity(parsed.config)).not.toBe(contentIdentity(plain.config));
      return;
    }
    // The normalized config has no key for an absent section (not even one set to undefined).
    expect(Object.keys(parsed.config)).not.toContain('regions');
    expect(Object.keys(parsed.config)).not.toContain('lifecycle');
    expect(Object.keys(parsed.config)).not.toContain('late_arrivals');
    expect(contentIdentity(parsed.config)).not.toMatch(/regions|lifecycle|late_arrivals/);
    expect(contentIdentity(parsed.config)).toBe(contentIdentity(plain.config));
    expect(configFingerprint(parsed.config)).toBe(configFingerprint(plain.config));
    expect(Object.keys(configToRaw(parsed.config))).toEqual(Object.keys(configToRaw(plain.config)));
  });
});

describe('regions', () => {
  it('fills the defaults: every region alike, the default zones, a flat rate', () => {
    const { regions } = configOf(`${BASE}regions: {}\n`);
    expect(regions).toEqual({
      weights: { US: 1, EU: 1, SA: 1, AUS: 1 },
      time_zones: DEFAULT_TIME_ZONES,
      daily_profile: null,
    });
  });

  it('gives a region the preset leaves out weight 0 and keeps the zones it sets', () => {
    const { regions } = configOf(
      `${BASE}regions:\n  weights: { US: 0.4, EU: 0.6 }\n  time_zones: { US: America/New_York }\n`,
    );
    expect(regions?.weights).toEqual({ US: 0.4, EU: 0.6, SA: 0, AUS: 0 });
    expect(regions?.time_zones).toEqual({ ...DEFAULT_TIME_ZONES, US: 'America/New_York' });
  });

  it('reads daily_profile true as the default profile, false as flat, 24 numbers as given', () => {
    expect(configOf(`${BASE}regions: { daily_profile: true }\n`).regions?.daily_profile).toEqual([
      ...DEFAULT_DAILY_PROFILE,
    ]);
    expect(configOf(`${BASE}regions: { daily_profile: false }\n`).regions?.daily_profile).toBe(
      null,
    );
    const hours = Array.from({ length: 24 }, (_, h) => h % 3);
    expect(
      configOf(`${BASE}regions: { daily_profile: ${JSON.stringify(hours)} }\n`).regions
        ?.daily_profile,
    ).toEqual(hours);
  });

  it('has a default profile quiet at night, busy in the morning, with mean 1', () => {
    expect(DEFAULT_DAILY_PROFILE).toHaveLength(24);
    const mean = DEFAULT_DAILY_PROFILE.reduce((s, v) => s + v, 0) / 24;
    expect(mean).toBeCloseTo(1, 9);
    const at = (h: number) => DEFAULT_DAILY_PROFILE[h] ?? Number.NaN;
    const peak = Math.max(...DEFAULT_DAILY_PROFILE);
    expect(DEFAULT_DAILY_PROFILE.indexOf(peak)).toBeGreaterThanOrEqual(7);
    expect(DEFAULT_DAILY_PROFILE.indexOf(peak)).toBeLessThanOrEqual(10);
    for (const night of [0, 1, 2, 3, 4]) expect(at(night)).toBeLessThan(at(8) / 5);
  });

  it('knows IANA zones and no others', () => {
    for (const zone of Object.values(DEFAULT_TIME_ZONES)) expect(isTimeZone(zone)).toBe(true);
    expect(isTimeZone('Europe/Berln')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  const invalid: Array<[string, string, RegExp]> = [
    [
      'an unknown region',
      'regions: { weights: { UK: 1 } }',
      /^regions\.weights\.UK is not a known key \(did you mean US\?\)$/,
    ],
    [
      'a negative weight',
      'regions: { weights: { US: -1, EU: 1 } }',
      /^regions\.weights\.US \(-1\) must be >= 0$/,
    ],
    [
      'no weight above 0',
      'regions: { weights: { US: 0 } }',
      /^regions\.weights must give at least one region a weight > 0$/,
    ],
    [
      'an unknown zone',
      'regions: { time_zones: { EU: Europe/Berln } }',
      /^regions\.time_zones\.EU \("Europe\/Berln"\) must be an IANA time zone/,
    ],
    [
      'a profile of 23 hours',
      `regions: { daily_profile: ${JSON.stringify(Array(23).fill(1))} }`,
      /^regions\.daily_profile must list 24 numbers/,
    ],
    [
      'a negative hour',
      `regions: { daily_profile: ${JSON.stringify([...Array(23).fill(1), -1])} }`,
      /^regions\.daily_profile\.23 \(-1\) must be >= 0$/,
    ],
    [
      'a silent day',
      `regions: { daily_profile: ${JSON.stringify(Array(24).fill(0))} }`,
      /^regions\.daily_profile must have an hour above 0$/,
    ],
    [
      'a profile of text',
      'regions: { daily_profile: busy }',
      /^regions\.daily_profile \("busy"\) must be true, false or a list of 24 numbers >= 0, got string$/,
    ],
    [
      'a misspelt key',
      'regions: { wieghts: { US: 1 } }',
      /^regions\.wieghts is not a known key \(did you mean weights\?\)$/,
    ],
  ];
  it.each(invalid)('refuses %s, naming the key and the rule', (_case, extra, expected) => {
    expect(messagesOf(`${BASE}${extra}\n`)).toContainEqual(expect.stringMatching(expected));
  });

  it("bounds the rate at the profile's busiest hour", () => {
    // 100 x 100 x 100 every 15 min is 4,000,000 an hour: inside the bound flat, not at 2.2x.
    const big =
      'number_of_companies: 100\ndrivers_per_company: 100\nevent_rate_per_driver: 100\ncompany_onboarding_interval: PT1H\n';
    expect(configOf(`${big}regions: { daily_profile: false }\n`).regions?.daily_profile).toBe(null);
    expect(messagesOf(`${big}regions: { daily_profile: true }\n`)).toContainEqual(
      expect.stringMatching(/events an hour; it must be <= 5,000,000/),
    );
  });
});

describe('lifecycle', () => {
  it('fills the defaults', () => {
    expect(configOf(`${BASE}lifecycle: {}\n`).lifecycle).toEqual({
      deactivation_rate: 0.02,
      reactivation_rate: 0.1,
      after_deactivation_rate: 0.05,
    });
  });

  it('refuses a rate outside 0..1 and an unknown key', () => {
    expect(messagesOf(`${BASE}lifecycle: { deactivation_rate: 1.5 }\n`)).toEqual([
      'lifecycle.deactivation_rate (1.5) must be between 0 and 1',
    ]);
    expect(messagesOf(`${BASE}lifecycle: { reactivation: 0.1 }\n`)).toEqual([
      'lifecycle.reactivation is not a known key (did you mean reactivation_rate?)',
    ]);
  });
});

describe('late_arrivals', () => {
  it('fills the defaults: halving weights over max_intervals', () => {
    const late = configOf(`${BASE}late_arrivals: {}\n`).late_arrivals;
    expect(late?.probability).toBe(0.1);
    expect(late?.max_intervals).toBe(3);
    expect(late?.weights).toEqual(halvingWeights(3));
    const [w1 = 0, w2 = 0, w3 = 0] = late?.weights ?? [];
    expect(w1 / w2).toBeCloseTo(2, 12);
    expect(w2 / w3).toBeCloseTo(2, 12);
  });

  it('normalizes given weights to sum 1', () => {
    const late = configOf(`${BASE}late_arrivals: { max_intervals: 2, weights: [3, 1] }\n`);
    expect(late.late_arrivals?.weights).toEqual([0.75, 0.25]);
  });

  it('keeps weights that already sum to 1 as they are', () => {
    const w = normalizeWeights([1, 1, 1]);
    expect(normalizeWeights(w)).toEqual(w);
  });

  const invalid: Array<[string, string, RegExp]> = [
    [
      'max_intervals 0',
      'late_arrivals: { max_intervals: 0 }',
      /^late_arrivals\.max_intervals \(0\) must be between 1 and 12$/,
    ],
    [
      'max_intervals 13',
      'late_arrivals: { max_intervals: 13 }',
      /^late_arrivals\.max_intervals \(13\) must be between 1 and 12$/,
    ],
    [
      'weights of another length',
      'late_arrivals: { max_intervals: 2, weights: [1] }',
      /^late_arrivals\.weights must list max_intervals \(2\) numbers/,
    ],
    [
      'all-zero weights',
      'late_arrivals: { max_intervals: 2, weights: [0, 0] }',
      /^late_arrivals\.weights must have a weight above 0$/,
    ],
    [
      'a probability above 1',
      'late_arrivals: { probability: 2 }',
      /^late_arrivals\.probability \(2\) must be between 0 and 1$/,
    ],
  ];
  it.each(invalid)('refuses %s, naming the key and the rule', (_case, extra, expected) => {
    expect(messagesOf(`${BASE}${extra}\n`)).toContainEqual(expect.stringMatching(expected));
  });
});

describe('the three sections round-trip', () => {
  const text = `${BASE}regions:
  weights: { US: 0.4, EU: 0.3, SA: 0.15, AUS: 0.15 }
  time_zones: { SA: America/Argentina/Buenos_Aires }
  daily_profile: true
lifecycle: { deactivation_rate: 0.03, reactivation_rate: 0 }
late_arrivals: { probability: 0.2, max_intervals: 4, weights: [1, 1, 1, 1] }
`;

  it('through configToRaw (recipes) with the same identity', () => {
    const config = configOf(text);
    const back = parseConfigObject(JSON.parse(JSON.stringify(configToRaw(config))), 'test');
    if (!back.ok) throw new Error('rejected');
    expect(back.config).toEqual(config);
    expect(contentIdentity(back.config)).toBe(contentIdentity(config));
  });

  it('through the state file', () => {
    const config = configOf(text);
    expect(normalizedConfigSchema.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('each moves the identity', () => {
    const plain = contentIdentity(configOf(BASE));
    for (const extra of ['regions: {}', 'lifecycle: {}', 'late_arrivals: {}'])
      expect(contentIdentity(configOf(`${BASE}${extra}\n`))).not.toBe(plain);
  });

  it('lists the regions in one order', () => {
    expect(Object.keys(configOf(text).regions?.weights ?? {})).toEqual([...REGIONS]);
  });
});
