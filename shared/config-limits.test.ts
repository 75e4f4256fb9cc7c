import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveIntervals, parseConfigYaml } from './config.ts';
import { expectedEventsPerHour, MAX_EVENTS_PER_HOUR } from './config-limits.ts';

const presetsDir = join(import.meta.dirname, '..', 'presets');
const BASE = `number_of_companies: 10
drivers_per_company: 5
event_rate_per_driver: 3.5
company_onboarding_interval: PT1H
`;

function messagesOf(yaml: string): string[] {
  const result = parseConfigYaml(yaml, 'test');
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues.map((i) => i.message);
}

describe('bounds on how much a preset generates', () => {
  it('refuses 2^53-1 events per batch, naming the key and the rule', () => {
    expect(
      messagesOf(
        `${BASE}emulated_mode:\n  enabled: true\n  events_per_batch_max: 9007199254740991\n`,
      ),
    ).toEqual(['emulated_mode.events_per_batch_max (9007199254740991) must be <= 1000000']);
  });

  it('refuses a fleet beyond the per-key limits', () => {
    expect(
      messagesOf(BASE.replace('number_of_companies: 10', 'number_of_companies: 100001')),
    ).toEqual(['number_of_companies (100001) must be <= 100000']);
    expect(messagesOf(BASE.replace('drivers_per_company: 5', 'drivers_per_company: 1001'))).toEqual(
      ['drivers_per_company (1001) must be <= 1000'],
    );
  });

  it('refuses 100,000 events every second (360 million an hour) in emulated mode', () => {
    expect(
      messagesOf(
        `${BASE}emulated_mode:\n  enabled: true\n  driver_batch_interval: PT1S\n  events_per_batch_min: 1000\n  events_per_batch_max: 100000\n`,
      ),
    ).toEqual([
      'emulated_mode.events_per_batch_max (100000) every 1 s is 360,000,000 events an hour; it must be <= 5,000,000 events an hour (lower events_per_batch_max or lengthen driver_batch_interval)',
    ]);
  });

  it('refuses a production fleet that expects more than the hourly bound', () => {
    // 1000 x 1000 x 2 every 15 minutes: 8 million an hour.
    const yaml = BASE.replace('number_of_companies: 10', 'number_of_companies: 1000')
      .replace('drivers_per_company: 5', 'drivers_per_company: 1000')
      .replace('event_rate_per_driver: 3.5', 'event_rate_per_driver: 2');
    expect(messagesOf(yaml)).toEqual([
      'number_of_companies x drivers_per_company x event_rate_per_driver every 900 s is 8,000,000 events an hour; it must be <= 5,000,000 events an hour (a smaller fleet or a longer driver_event_interval)',
    ]);
  });

  it('checks only the active mode: a large unused emulated block is fine in production mode', () => {
    const result = parseConfigYaml(
      `${BASE}emulated_mode:\n  driver_batch_interval: PT1S\n  events_per_batch_max: 100000\n`,
    );
    expect(result.ok).toBe(true);
  });

  it('lets every shipped preset through with at least a fivefold margin', () => {
    const files = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const result = parseConfigYaml(readFileSync(join(presetsDir, file), 'utf8'), file);
      if (!result.ok) throw new Error(`${file}: ${result.issues.map((i) => i.message).join('; ')}`);
      const c = result.config;
      const perHour = expectedEventsPerHour({
        emulated: c.emulated_mode.enabled,
        number_of_companies: c.number_of_companies,
        drivers_per_company: c.drivers_per_company,
        event_rate_per_driver: c.event_rate_per_driver,
        driverSeconds: effectiveIntervals(c).driverSeconds,
        events_per_batch_max: c.emulated_mode.events_per_batch_max,
      });
      expect(perHour, file).toBeGreaterThan(0);
      expect(perHour * 5, file).toBeLessThanOrEqual(MAX_EVENTS_PER_HOUR);
    }
  });
});
