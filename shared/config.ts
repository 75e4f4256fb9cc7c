// The preset schema (docs/presets.md). Every key of the earlier Python implementation is
// accepted unchanged; errors name the key path and the rule, unknown keys suggest the closest
// known key. Pure: text in, normalized config or issues out.
import yaml from 'js-yaml';
import { z } from 'zod';
import { closestKey } from './closest-key.ts';
import {
  eventsPerHourIssue,
  MAX_COMPANIES,
  MAX_DRIVERS_PER_COMPANY,
  MAX_EVENTS_PER_BATCH,
} from './config-limits.ts';
import { DEFECT_KINDS, type DefectKind } from './defect-kinds.ts';
import { formatDuration, parseDuration } from './duration.ts';
import {
  normalizeWorld,
  profilePeak,
  WORLD_KNOWN_KEYS,
  type WorldConfig,
  worldSchemaShape,
  worldToRaw,
} from './world-config.ts';

export { closestKey, DEFECT_KINDS, type DefectKind };

const DEFAULT_WEIGHTS: Record<DefectKind, number> = {
  missing_field: 0.3,
  null_value: 0.3,
  malformed_timestamp: 0.2,
  invalid_enum: 0.1,
  duplicate: 0.05,
  boundary_violation: 0.05,
};

export const SEED_LIMIT = 2 ** 32;

function typeError(expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? 'is required'
      : `must be ${expected}, got ${describeType(issue.input)}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const wholeNumber = () =>
  z
    .number({ error: typeError('a whole number') })
    .int({ error: 'must be a whole number' })
    .refine(Number.isSafeInteger, { error: 'is too large' });
const positiveInt = () => wholeNumber().min(1, { error: 'must be > 0' });
const atMost = (limit: number) => ({ error: `must be <= ${limit}` });
const probability = () =>
  z
    .number({ error: typeError('a number between 0 and 1') })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' });
const flag = () => z.boolean({ error: typeError('true or false') });

/** An ISO-8601 duration of at least one second, normalized to its canonical spelling. */
const duration = () =>
  z.string({ error: typeError('an ISO-8601 duration such as PT15M') }).transform((text, ctx) => {
    const parsed = parseDuration(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason, input: text });
      return z.NEVER;
    }
    if (parsed.seconds < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be at least 1 second (PT1S)', input: text });
      return z.NEVER;
    }
    return formatDuration(parsed.seconds);
  });

const qualitySchema = z.strictObject({
  enabled: flag().default(false),
  error_rate: probability().optional(),
  corruption_rate: probability().optional(),
  missing_field_probability: probability().default(DEFAULT_WEIGHTS.missing_field),
  null_value_probability: probability().default(DEFAULT_WEIGHTS.null_value),
  malformed_timestamp_probability: probability().default(DEFAULT_WEIGHTS.malformed_timestamp),
  invalid_enum_probability: probability().default(DEFAULT_WEIGHTS.invalid_enum),
  duplicate_probability: probability().default(DEFAULT_WEIGHTS.duplicate),
  boundary_violation_probability: probability().default(DEFAULT_WEIGHTS.boundary_violation),
  inject_in_driver_events: flag().default(true),
  inject_in_companies: flag().default(true),
  log_injected_issues: flag().default(true),
});

const emulatedSchema = z.strictObject({
  enabled: flag().default(false),
  company_batch_interval: duration().default('PT10S'),
  driver_batch_interval: duration().default('PT10S'),
  companies_per_batch: positiveInt().max(100, { error: 'must be between 1 and 100' }).default(10),
  events_per_batch_min: positiveInt()
    .max(MAX_EVENTS_PER_BATCH, atMost(MAX_EVENTS_PER_BATCH))
    .default(5),
  events_per_batch_max: positiveInt()
    .max(MAX_EVENTS_PER_BATCH, atMost(MAX_EVENTS_PER_BATCH))
    .default(20),
});

const presetSchema = z.strictObject({
  name: z
    .string({ error: typeError('text') })
    .min(1, { error: 'must not be empty' })
    .optional(),
  description: z.string({ error: typeError('text') }).optional(),
  seed: wholeNumber()
    .min(0, { error: `must be between 0 and ${SEED_LIMIT - 1}` })
    .max(SEED_LIMIT - 1, { error: `must be between 0 and ${SEED_LIMIT - 1}` })
    .optional(),
  number_of_companies: positiveInt().max(MAX_COMPANIES, atMost(MAX_COMPANIES)),
  drivers_per_company: positiveInt().max(MAX_DRIVERS_PER_COMPANY, atMost(MAX_DRIVERS_PER_COMPANY)),
  event_rate_per_driver: z
    .number({ error: typeError('a number') })
    .gt(0, { error: 'must be > 0' })
    .max(10_000, { error: 'must be at most 10000 events per driver per batch' }),
  company_onboarding_interval: duration(),
  driver_event_interval: duration().default('PT15M'),
  companies_per_onboarding: wholeNumber().min(0, { error: 'must be >= 0' }).default(1),
  quality_injection: qualitySchema.default(() => qualitySchema.parse({})),
  emulated_mode: emulatedSchema.default(() => emulatedSchema.parse({})),
  catch_up_limit: wholeNumber().min(0, { error: 'must be >= 0' }).default(96),
  ...worldSchemaShape,
});

/** Every key a preset may contain, by parent path, for "did you mean" suggestions. */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(presetSchema.shape),
  quality_injection: Object.keys(qualitySchema.shape),
  emulated_mode: Object.keys(emulatedSchema.shape),
  ...WORLD_KNOWN_KEYS,
};

export interface QualityConfig {
  enabled: boolean;
  error_rate: number;
  weights: Record<DefectKind, number>;
  inject_in_driver_events: boolean;
  inject_in_companies: boolean;
  log_injected_issues: boolean;
}

export interface EmulatedConfig {
  enabled: boolean;
  company_batch_interval: string;
  driver_batch_interval: string;
  companies_per_batch: number;
  events_per_batch_min: number;
  events_per_batch_max: number;
}

/**
 * A validated preset with every default filled in and every alias resolved. The world's
 * sections (shared/world-config.ts) are absent unless the preset has them.
 */
export interface GeneratorConfig extends WorldConfig {
  name: string;
  description: string;
  seed: number | undefined;
  number_of_companies: number;
  drivers_per_company: number;
  event_rate_per_driver: number;
  company_onboarding_interval: string;
  driver_event_interval: string;
  companies_per_onboarding: number;
  quality_injection: QualityConfig;
  emulated_mode: EmulatedConfig;
  catch_up_limit: number;
}

export interface ConfigIssue {
  /** Dotted key path, '' for the whole file. */
  path: string;
  /** A full sentence that names the key path and the rule. */
  message: string;
}

export type ConfigResult =
  | { ok: true; config: GeneratorConfig }
  | { ok: false; issues: ConfigIssue[] };

export function parseConfigObject(data: unknown, fallbackName = 'custom'): ConfigResult {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `the preset must be a YAML mapping of keys to values, got ${describeType(data)}`,
        },
      ],
    };
  }
  const result = presetSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    return { ok: false, issues: result.error.issues.flatMap(describeIssue) };
  }
  const raw = result.data;
  const issues: ConfigIssue[] = [];
  const q = raw.quality_injection;
  if (
    q.error_rate !== undefined &&
    q.corruption_rate !== undefined &&
    q.error_rate !== q.corruption_rate
  ) {
    issues.push({
      path: 'quality_injection.corruption_rate',
      message: `quality_injection.corruption_rate (${q.corruption_rate}) is an alias of error_rate (${q.error_rate}); set only one of them`,
    });
  }
  const weights: Record<DefectKind, number> = {
    missing_field: q.missing_field_probability,
    null_value: q.null_value_probability,
    malformed_timestamp: q.malformed_timestamp_probability,
    invalid_enum: q.invalid_enum_probability,
    duplicate: q.duplicate_probability,
    boundary_violation: q.boundary_violation_probability,
  };
  const errorRate = q.error_rate ?? q.corruption_rate ?? 0;
  if (q.enabled && errorRate > 0 && DEFECT_KINDS.every((k) => weights[k] === 0)) {
    issues.push({
      path: 'quality_injection',
      message:
        'quality_injection: at least one *_probability weight must be > 0 when error_rate is above 0',
    });
  }
  const e = raw.emulated_mode;
  const world = normalizeWorld(raw);
  if (e.events_per_batch_max < e.events_per_batch_min) {
    issues.push({
      path: 'emulated_mode.events_per_batch_max',
      message: `emulated_mode.events_per_batch_max (${e.events_per_batch_max}) must be >= events_per_batch_min (${e.events_per_batch_min})`,
    });
  }
  const rate = eventsPerHourIssue({
    emulated: e.enabled,
    number_of_companies: raw.number_of_companies,
    drivers_per_company: raw.drivers_per_company,
    // The busiest local hour of a daily profile is the rate the bound applies to.
    event_rate_per_driver: raw.event_rate_per_driver * (e.enabled ? 1 : profilePeak(world.regions)),
    driverSeconds: seconds(e.enabled ? e.driver_batch_interval : raw.driver_event_interval),
    events_per_batch_max: e.events_per_batch_max,
  });
  if (rate) issues.push(rate);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: {
      name: raw.name ?? fallbackName,
      description: raw.description ?? '',
      seed: raw.seed,
      number_of_companies: raw.number_of_companies,
      drivers_per_company: raw.drivers_per_company,
      event_rate_per_driver: raw.event_rate_per_driver,
      company_onboarding_interval: raw.company_onboarding_interval,
      driver_event_interval: raw.driver_event_interval,
      companies_per_onboarding: raw.companies_per_onboarding,
      quality_injection: {
        enabled: q.enabled,
        error_rate: errorRate,
        weights,
        inject_in_driver_events: q.inject_in_driver_events,
        inject_in_companies: q.inject_in_companies,
        log_injected_issues: q.log_injected_issues,
      },
      emulated_mode: { ...e },
      catch_up_limit: raw.catch_up_limit,
      ...world,
    },
  };
}

/** A config in the shape of a preset file (the inverse of parseConfigObject), e.g. for a recipe. */
export function configToRaw(config: GeneratorConfig): Record<string, unknown> {
  const q = config.quality_injection;
  return {
    name: config.name,
    description: config.description,
    ...(config.seed === undefined ? {} : { seed: config.seed }),
    number_of_companies: config.number_of_companies,
    drivers_per_company: config.drivers_per_company,
    event_rate_per_driver: config.event_rate_per_driver,
    company_onboarding_interval: config.company_onboarding_interval,
    driver_event_interval: config.driver_event_interval,
    companies_per_onboarding: config.companies_per_onboarding,
    quality_injection: {
      enabled: q.enabled,
      error_rate: q.error_rate,
      ...Object.fromEntries(DEFECT_KINDS.map((k) => [`${k}_probability`, q.weights[k]])),
      inject_in_driver_events: q.inject_in_driver_events,
      inject_in_companies: q.inject_in_companies,
      log_injected_issues: q.log_injected_issues,
    },
    emulated_mode: { ...config.emulated_mode },
    catch_up_limit: config.catch_up_limit,
    ...worldToRaw(config),
  };
}

/** Parses a preset from YAML text; `name` is used when the file sets none (its file name). */
export function parseConfigYaml(text: string, fallbackName = 'custom'): ConfigResult {
  let data: unknown;
  try {
    data = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (err) {
    // js-yaml gives no position (`mark`) for some errors, such as a second document.
    const mark = err instanceof yaml.YAMLException ? err.mark : undefined;
    const reason = !(err instanceof yaml.YAMLException)
      ? String(err)
      : /single document/.test(err.reason ?? '')
        ? 'a preset is one YAML document; remove the `---` and what follows it, or split it into two files'
        : mark
          ? `${err.reason} at line ${mark.line + 1}, column ${mark.column + 1}`
          : (err.reason ?? err.message);
    return { ok: false, issues: [{ path: '', message: `not valid YAML: ${reason}` }] };
  }
  return parseConfigObject(data, fallbackName);
}

function describeIssue(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[path] ?? [];
    return issue.keys.map((key) => {
      const full = path ? `${path}.${key}` : key;
      const hint = closestKey(key, known);
      return {
        path: full,
        message: `${full} is not a known key${hint ? ` (did you mean ${hint}?)` : ''}`,
      };
    });
  }
  const where = path || 'the preset';
  const input = (issue as { input?: unknown }).input;
  const shown =
    input !== undefined && (typeof input !== 'object' || input === null)
      ? ` (${JSON.stringify(input)})`
      : '';
  return [{ path, message: `${where}${shown} ${issue.message}` }];
}

/** Interval lengths in seconds that the scheduler and engine use, by generation mode. */
export function effectiveIntervals(config: GeneratorConfig): {
  companySeconds: number;
  driverSeconds: number;
} {
  return config.emulated_mode.enabled
    ? {
        companySeconds: seconds(config.emulated_mode.company_batch_interval),
        driverSeconds: seconds(config.emulated_mode.driver_batch_interval),
      }
    : {
        companySeconds: seconds(config.company_onboarding_interval),
        driverSeconds: seconds(config.driver_event_interval),
      };
}

function seconds(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid normalized duration ${text}`);
  return parsed.seconds;
}

/** The part of a config that defines generated content (name, description and seed excluded). */
export function contentIdentity(config: GeneratorConfig): string {
  const { name: _n, description: _d, seed: _s, catch_up_limit: _c, ...rest } = config;
  return JSON.stringify(rest);
}
