// The three optional sections of a preset that make the world change (issue 19): `regions`
// (company regions, their time zones, a daily profile of the event rate), `lifecycle` (companies
// that deactivate and reactivate) and `late_arrivals` (valid events delivered in a later
// batch). Absent, a section is `undefined` in the normalized config, so contentIdentity(), class
// codes and every byte of a config without it are unchanged. Pure: schemas, types, defaults.
import { z } from 'zod';

export const REGIONS = ['US', 'EU', 'SA', 'AUS'] as const;
export type Region = (typeof REGIONS)[number];

export const DEFAULT_TIME_ZONES: Record<Region, string> = {
  US: 'America/Chicago',
  EU: 'Europe/Berlin',
  SA: 'America/Sao_Paulo',
  AUS: 'Australia/Sydney',
};

/** Region weights when `regions` names none: every region alike. */
export const DEFAULT_REGION_WEIGHTS: Record<Region, number> = { US: 1, EU: 1, SA: 1, AUS: 1 };

/**
 * The event rate's factor by local hour (0..23) for `daily_profile: true`: quiet at night, busy
 * in the morning, a long working afternoon. Its mean is 1, so a day keeps the flat rate's total.
 */
export const DEFAULT_DAILY_PROFILE: readonly number[] = [
  0.2, 0.15, 0.1, 0.1, 0.15, 0.4, 1.1, 1.8, 2.2, 2.0, 1.7, 1.5, 1.4, 1.5, 1.6, 1.6, 1.5, 1.4, 1.0,
  0.8, 0.6, 0.5, 0.4, 0.3,
];

export const DEFAULT_LIFECYCLE = {
  deactivation_rate: 0.02,
  reactivation_rate: 0.1,
  after_deactivation_rate: 0.05,
} as const;

export const DEFAULT_LATE_ARRIVALS = { probability: 0.1, max_intervals: 3 } as const;
export const MAX_LATE_INTERVALS = 12;

export interface RegionsConfig {
  weights: Record<Region, number>;
  time_zones: Record<Region, string>;
  /** Factor of the event rate by local hour (24 numbers), or null for a flat rate. */
  daily_profile: number[] | null;
}

export interface LifecycleConfig {
  /** Chance an active company deactivates in a company interval. */
  deactivation_rate: number;
  /** Chance an inactive company reactivates in a company interval (0: never). */
  reactivation_rate: number;
  /** Chance a driver of a company inactive during (part of) a driver interval sends a stray event. */
  after_deactivation_rate: number;
}

export interface LateArrivalsConfig {
  /** Share of single-line valid events delivered late. */
  probability: number;
  /** The most intervals an event can be late (1..12). */
  max_intervals: number;
  /** P(late by k) for k = 1..max_intervals, summing to 1. */
  weights: number[];
}

export interface WorldConfig {
  regions?: RegionsConfig;
  lifecycle?: LifecycleConfig;
  late_arrivals?: LateArrivalsConfig;
}

function typeError(expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined
      ? 'is required'
      : `must be ${expected}, got ${issue.input === null ? 'null' : Array.isArray(issue.input) ? 'a list' : typeof issue.input === 'object' ? 'a mapping' : typeof issue.input}`;
}

const probability = () =>
  z
    .number({ error: typeError('a number between 0 and 1') })
    .min(0, { error: 'must be between 0 and 1' })
    .max(1, { error: 'must be between 0 and 1' });
const nonNegative = () =>
  z
    .number({ error: typeError('a number >= 0') })
    .min(0, { error: 'must be >= 0' })
    .refine(Number.isFinite, { error: 'must be a finite number' });

/** Whether the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = () =>
  z
    .string({ error: typeError('an IANA time zone such as Europe/Berlin') })
    .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin' });

const regionWeightsSchema = z
  .strictObject({
    US: nonNegative().optional(),
    EU: nonNegative().optional(),
    SA: nonNegative().optional(),
    AUS: nonNegative().optional(),
  })
  .refine((w) => Object.values(w).some((v) => v !== undefined && v > 0), {
    error: 'must give at least one region a weight > 0',
  });

const timeZonesSchema = z.strictObject({
  US: timeZone().optional(),
  EU: timeZone().optional(),
  SA: timeZone().optional(),
  AUS: timeZone().optional(),
});

const dailyProfileSchema = z.union(
  [
    z.boolean(),
    z
      .array(nonNegative(), { error: typeError('a list of 24 numbers >= 0') })
      .length(24, { error: 'must list 24 numbers (one per local hour, 0 to 23)' })
      .refine((hours) => hours.some((h) => h > 0), { error: 'must have an hour above 0' }),
  ],
  { error: typeError('true, false or a list of 24 numbers >= 0') },
);

export const regionsSchema = z.strictObject({
  weights: regionWeightsSchema.optional(),
  time_zones: timeZonesSchema.default({}),
  daily_profile: dailyProfileSchema.default(false),
});

export const lifecycleSchema = z.strictObject({
  deactivation_rate: probability().default(DEFAULT_LIFECYCLE.deactivation_rate),
  reactivation_rate: probability().default(DEFAULT_LIFECYCLE.reactivation_rate),
  after_deactivation_rate: probability().default(DEFAULT_LIFECYCLE.after_deactivation_rate),
});

export const lateArrivalsSchema = z
  .strictObject({
    probability: probability().default(DEFAULT_LATE_ARRIVALS.probability),
    max_intervals: z
      .number({ error: typeError('a whole number') })
      .int({ error: 'must be a whole number' })
      .min(1, { error: `must be between 1 and ${MAX_LATE_INTERVALS}` })
      .max(MAX_LATE_INTERVALS, { error: `must be between 1 and ${MAX_LATE_INTERVALS}` })
      .default(DEFAULT_LATE_ARRIVALS.max_intervals),
    weights: z
      .array(nonNegative(), { error: typeError('a list of numbers >= 0') })
      .refine((w) => w.some((v) => v > 0), { error: 'must have a weight above 0' })
      .optional(),
  })
  .superRefine((late, ctx) => {
    if (late.weights !== undefined && late.weights.length !== late.max_intervals)
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: `must list max_intervals (${late.max_intervals}) numbers, P(late by k) for k = 1..${late.max_intervals}; got ${late.weights.length}`,
      });
  });

/** The sections as the preset schema (shared/config.ts) takes them. */
export const worldSchemaShape = {
  regions: regionsSchema.optional(),
  lifecycle: lifecycleSchema.optional(),
  late_arrivals: lateArrivalsSchema.optional(),
};

/** Known keys by parent path, for "did you mean" suggestions. */
export const WORLD_KNOWN_KEYS: Record<string, readonly string[]> = {
  regions: Object.keys(regionsSchema.shape),
  'regions.weights': REGIONS,
  'regions.time_zones': REGIONS,
  lifecycle: Object.keys(lifecycleSchema.shape),
  late_arrivals: ['probability', 'max_intervals', 'weights'],
};

type RawWorld = {
  regions?: z.output<typeof regionsSchema>;
  lifecycle?: z.output<typeof lifecycleSchema>;
  late_arrivals?: z.output<typeof lateArrivalsSchema>;
};

/**
 * Weights summing to 1. Weights that already do (to 1e-9) are kept as they are, so a normalized
 * config read back (a recipe, the state file) keeps its bytes and its identity.
 */
export function normalizeWeights(weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  return Math.abs(sum - 1) <= 1e-9 ? [...weights] : weights.map((w) => w / sum);
}

/** P(late by k) halving with k: 1/2, 1/4, ... normalized. */
export function halvingWeights(maxIntervals: number): number[] {
  return normalizeWeights(Array.from({ length: maxIntervals }, (_, k) => 2 ** -k));
}

/** The normalized sections, each key present only when the preset has the section. */
export function normalizeWorld(raw: RawWorld): WorldConfig {
  const out: WorldConfig = {};
  if (raw.regions) {
    const r = raw.regions;
    const given = r.weights;
    const weights = given
      ? (Object.fromEntries(REGIONS.map((k) => [k, given[k] ?? 0])) as Record<Region, number>)
      : { ...DEFAULT_REGION_WEIGHTS };
    const time_zones = Object.fromEntries(
      REGIONS.map((k) => [k, r.time_zones[k] ?? DEFAULT_TIME_ZONES[k]]),
    ) as Record<Region, string>;
    const daily_profile =
      r.daily_profile === true
        ? [...DEFAULT_DAILY_PROFILE]
        : r.daily_profile === false
          ? null
          : [...r.daily_profile];
    out.regions = { weights, time_zones, daily_profile };
  }
  if (raw.lifecycle) out.lifecycle = { ...raw.lifecycle };
  if (raw.late_arrivals) {
    const l = raw.late_arrivals;
    out.late_arrivals = {
      probability: l.probability,
      max_intervals: l.max_intervals,
      weights: l.weights ? normalizeWeights(l.weights) : halvingWeights(l.max_intervals),
    };
  }
  return out;
}

/** The sections in the shape of a preset file (the inverse of normalizeWorld). */
export function worldToRaw(config: WorldConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.regions) {
    const r = config.regions;
    out.regions = {
      weights: { ...r.weights },
      time_zones: { ...r.time_zones },
      daily_profile: r.daily_profile === null ? false : [...r.daily_profile],
    };
  }
  if (config.lifecycle) out.lifecycle = { ...config.lifecycle };
  if (config.late_arrivals) {
    const l = config.late_arrivals;
    out.late_arrivals = {
      probability: l.probability,
      max_intervals: l.max_intervals,
      weights: [...l.weights],
    };
  }
  return out;
}

/** The largest factor of the daily profile (1 without one): the peak hour's share of the rate. */
export function profilePeak(regions: RegionsConfig | undefined): number {
  return regions?.daily_profile ? Math.max(...regions.daily_profile) : 1;
}

const regionRecord = z.object({ US: z.number(), EU: z.number(), SA: z.number(), AUS: z.number() });

/** The sections as the state file stores them (normalized), for shared/normalized-config.ts. */
export const storedWorldShape = {
  regions: z
    .object({
      weights: regionRecord,
      time_zones: z.object({ US: z.string(), EU: z.string(), SA: z.string(), AUS: z.string() }),
      daily_profile: z.array(z.number()).nullable(),
    })
    .optional(),
  lifecycle: z
    .object({
      deactivation_rate: z.number(),
      reactivation_rate: z.number(),
      after_deactivation_rate: z.number(),
    })
    .optional(),
  late_arrivals: z
    .object({ probability: z.number(), max_intervals: z.number(), weights: z.array(z.number()) })
    .optional(),
};
