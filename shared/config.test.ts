import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentIdentity, effectiveIntervals, parseConfigYaml } from './config.ts';
import { formatDuration, parseDuration } from './duration.ts';

const presetsDir = join(import.meta.dirname, '..', 'presets');
const BASE = `number_of_companies: 10
drivers_per_company: 5
event_rate_per_driver: 3.5
company_onboarding_interval: PT1H
`;

function issuesOf(yaml: string) {
  const result = parseConfigYaml(yaml, 'test');
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues;
}

describe('shipped presets', () => {
  const files = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml'));

  it('ship the seven presets of the earlier implementation and the two of issue 19', () => {
    expect(files.map((f) => f.replace('.yaml', '')).sort()).toEqual([
      'base',
      'emulated',
      'emulated-30s',
      'emulated-5s',
      'late-data',
      'quality-injection',
      'scaling',
      'small',
      'world',
    ]);
  });

  it.each(files)('%s loads with the upstream values', (file) => {
    const result = parseConfigYaml(readFileSync(join(presetsDir, file), 'utf8'), file);
    expect(result.ok).toBe(true);
  });

  it('keeps the values of the upstream files', () => {
    const load = (name: string) => {
      const r = parseConfigYaml(readFileSync(join(presetsDir, `${name}.yaml`), 'utf8'), name);
      if (!r.ok) throw new Error(name);
      return r.config;
    };
    const scaling = load('scaling');
    expect([
      scaling.seed,
      scaling.number_of_companies,
      scaling.drivers_per_company,
      scaling.event_rate_per_driver,
    ]).toEqual([101, 1000, 25, 4.2]);
    expect(scaling.company_onboarding_interval).toBe('PT30M');
    const small = load('small');
    expect([
      small.seed,
      small.number_of_companies,
      small.drivers_per_company,
      small.event_rate_per_driver,
      small.company_onboarding_interval,
    ]).toEqual([7, 5, 3, 2, 'PT2H']);
    const quality = load('quality-injection');
    expect(quality.quality_injection.error_rate).toBe(0.15);
    const e5 = load('emulated-5s');
    expect(e5.emulated_mode).toMatchObject({
      enabled: true,
      company_batch_interval: 'PT5S',
      driver_batch_interval: 'PT5S',
      companies_per_batch: 5,
      events_per_batch_min: 3,
      events_per_batch_max: 10,
    });
    // The upstream emulated files say corruption_rate; it must take effect (it was ignored upstream).
    expect(e5.quality_injection).toMatchObject({ enabled: true, error_rate: 0.3 });
    expect(effectiveIntervals(e5)).toEqual({ companySeconds: 5, driverSeconds: 5 });
    expect(effectiveIntervals(load('emulated-30s'))).toEqual({
      companySeconds: 30,
      driverSeconds: 30,
    });
  });
});

describe('parseConfigYaml', () => {
  it('fills every default of the preset key table (docs/presets.md)', () => {
    const result = parseConfigYaml(BASE, 'mine');
    if (!result.ok) throw new Error('rejected');
    expect(result.config).toMatchObject({
      name: 'mine',
      seed: undefined,
      driver_event_interval: 'PT15M',
      companies_per_onboarding: 1,
      catch_up_limit: 96,
      quality_injection: {
        enabled: false,
        error_rate: 0,
        weights: {
          missing_field: 0.3,
          null_value: 0.3,
          malformed_timestamp: 0.2,
          invalid_enum: 0.1,
          duplicate: 0.05,
          boundary_violation: 0.05,
        },
        inject_in_driver_events: true,
        inject_in_companies: true,
        log_injected_issues: true,
      },
      emulated_mode: {
        enabled: false,
        company_batch_interval: 'PT10S',
        driver_batch_interval: 'PT10S',
        companies_per_batch: 10,
        events_per_batch_min: 5,
        events_per_batch_max: 20,
      },
    });
  });

  it('accepts corruption_rate as an alias of error_rate', () => {
    const result = parseConfigYaml(
      `${BASE}quality_injection:\n  enabled: true\n  corruption_rate: 0.25\n`,
    );
    expect(result.ok && result.config.quality_injection.error_rate).toBe(0.25);
  });

  it('refuses two different values for error_rate and its alias', () => {
    const [issue] = issuesOf(
      `${BASE}quality_injection:\n  error_rate: 0.1\n  corruption_rate: 0.2\n`,
    );
    expect(issue?.message).toMatch(/corruption_rate.*alias of error_rate/);
  });

  it('normalizes durations so equal configs have one identity', () => {
    const a = parseConfigYaml(BASE.replace('PT1H', 'PT60M'));
    const b = parseConfigYaml(BASE);
    if (!a.ok || !b.ok) throw new Error('rejected');
    expect(a.config.company_onboarding_interval).toBe('PT1H');
    expect(contentIdentity(a.config)).toBe(contentIdentity(b.config));
  });

  const invalid: Array<[string, string, RegExp]> = [
    [
      'missing required key',
      BASE.replace('number_of_companies: 10\n', ''),
      /^number_of_companies is required$/,
    ],
    [
      'zero',
      BASE.replace('drivers_per_company: 5', 'drivers_per_company: 0'),
      /^drivers_per_company \(0\) must be > 0$/,
    ],
    [
      'negative',
      BASE.replace('event_rate_per_driver: 3.5', 'event_rate_per_driver: -2'),
      /^event_rate_per_driver \(-2\) must be > 0$/,
    ],
    [
      'bad duration',
      BASE.replace('PT1H', '1 hour'),
      /^company_onboarding_interval \("1 hour"\) must be an ISO-8601 duration/,
    ],
    [
      'PT0S',
      BASE.replace('PT1H', 'PT0S'),
      /^company_onboarding_interval \("PT0S"\) must be at least 1 second/,
    ],
    [
      'fractional seconds',
      `${BASE}driver_event_interval: PT1.5S\n`,
      /^driver_event_interval \("PT1.5S"\) must be a whole number of seconds/,
    ],
    [
      'max < min',
      `${BASE}emulated_mode:\n  events_per_batch_min: 5\n  events_per_batch_max: 3\n`,
      /^emulated_mode\.events_per_batch_max \(3\) must be >= events_per_batch_min \(5\)$/,
    ],
    [
      'unknown key',
      `${BASE}drivers_per_compnay: 3\n`,
      /^drivers_per_compnay is not a known key \(did you mean drivers_per_company\?\)$/,
    ],
    [
      'unknown nested key',
      `${BASE}quality_injection:\n  eror_rate: 0.1\n`,
      /^quality_injection\.eror_rate is not a known key \(did you mean error_rate\?\)$/,
    ],
    [
      'wrong type',
      BASE.replace('number_of_companies: 10', 'number_of_companies: ten'),
      /^number_of_companies \("ten"\) must be a whole number, got string$/,
    ],
    [
      'probability above 1',
      `${BASE}quality_injection:\n  error_rate: 1.5\n`,
      /^quality_injection\.error_rate \(1\.5\) must be between 0 and 1$/,
    ],
    [
      'companies_per_batch above 100',
      `${BASE}emulated_mode:\n  companies_per_batch: 101\n`,
      /^emulated_mode\.companies_per_batch \(101\) must be between 1 and 100$/,
    ],
    [
      'seed out of range',
      `${BASE}seed: 4294967296\n`,
      /^seed \(4294967296\) must be between 0 and 4294967295$/,
    ],
    ['non-YAML', 'number_of_companies: [1, 2\n', /^not valid YAML: .* at line \d+, column \d+$/],
    ['not a mapping', '- 1\n- 2\n', /must be a YAML mapping/],
    ['two YAML documents', 'a: 1\n---\nb: 2\n', /^not valid YAML: a preset is one YAML document/],
  ];
  it.each(invalid)(
    'rejects %s with a message naming the key and the rule',
    (_case, yaml, expected) => {
      const issues = issuesOf(yaml);
      expect(issues.map((i) => i.message)).toContainEqual(expect.stringMatching(expected));
    },
  );

  it('reports every problem of a file at once', () => {
    const issues = issuesOf('drivers_per_company: 0\nevent_rate_per_driver: x\ncolor: blue\n');
    expect(issues.map((i) => i.path).sort()).toEqual(
      [
        'color',
        'company_onboarding_interval',
        'drivers_per_company',
        'event_rate_per_driver',
        'number_of_companies',
      ].sort(),
    );
  });
});

describe('durations', () => {
  it('round-trip between ISO-8601 and seconds', () => {
    for (const [text, seconds] of [
      ['PT15M', 900],
      ['PT1H30M', 5400],
      ['P1D', 86400],
      ['PT5S', 5],
      ['P1DT1S', 86401],
    ] as const) {
      expect(parseDuration(text)).toEqual({ ok: true, seconds });
      expect(formatDuration(seconds)).toBe(text);
    }
    expect(parseDuration('PT').ok).toBe(false);
    expect(parseDuration('15M').ok).toBe(false);
  });
});
