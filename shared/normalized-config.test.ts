// A normalized config read back from the state file: every shipped preset comes back equal to
// what was stored, and a stored config that breaks a preset rule or the shape is refused with
// the key path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GeneratorConfig, parseConfigYaml } from './config.ts';
import { normalizedConfigSchema } from './normalized-config.ts';

const presetsDir = join(import.meta.dirname, '..', 'presets');

function preset(file: string): GeneratorConfig {
  const result = parseConfigYaml(readFileSync(join(presetsDir, file), 'utf8'), file);
  if (!result.ok) throw new Error(`${file} is invalid`);
  return result.config;
}

/** As the store writes it and reads it back: through JSON. */
const stored = (config: GeneratorConfig) => JSON.parse(JSON.stringify(config));

const paths = (data: unknown) => {
  const result = normalizedConfigSchema.safeParse(data);
  if (result.success) throw new Error('expected the stored config to be refused');
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('normalizedConfigSchema', () => {
  it.each(readdirSync(presetsDir).filter((f) => f.endsWith('.yaml')))(
    '%s comes back from the state file as it was stored',
    (file) => {
      const config = preset(file);
      expect(normalizedConfigSchema.parse(stored(config))).toEqual(config);
    },
  );

  it('keeps a seed the config sets', () => {
    const config = { ...preset('small.yaml'), seed: 1234 };
    expect(normalizedConfigSchema.parse(stored(config)).seed).toBe(1234);
  });

  it('refuses a stored config that breaks a preset rule, naming the key', () => {
    const config = stored(preset('emulated.yaml'));
    config.emulated_mode.events_per_batch_max = 3;
    config.emulated_mode.events_per_batch_min = 5;
    expect(paths(config)).toEqual([
      'emulated_mode.events_per_batch_max: emulated_mode.events_per_batch_max (3) must be >= events_per_batch_min (5)',
    ]);
    const zero = stored(preset('small.yaml'));
    zero.drivers_per_company = 0;
    expect(paths(zero)).toEqual(['drivers_per_company: drivers_per_company (0) must be > 0']);
  });

  it('refuses a stored config with a part missing or of the wrong type', () => {
    const { quality_injection: _q, ...missing } = stored(preset('small.yaml'));
    expect(paths(missing)[0]).toMatch(/^quality_injection: /);
    const wrong = stored(preset('small.yaml'));
    wrong.driver_event_interval = 15;
    expect(paths(wrong)[0]).toMatch(/^driver_event_interval: /);
    const badDuration = stored(preset('small.yaml'));
    badDuration.driver_event_interval = 'fifteen minutes';
    expect(paths(badDuration)[0]).toMatch(/^driver_event_interval: /);
  });
});
