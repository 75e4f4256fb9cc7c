// generator_state.json: the one state file (single writer, atomic). Validated on load so a
// damaged file is reported instead of silently reset; readStateFile is its one reader (the
// store, the answer keys, exercises and the CLI all read it through there).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { normalizedConfigSchema } from '../../../shared/normalized-config.ts';
import type { Epoch } from '../../engine/plan.ts';
import { StoreError } from '../kernel/errors.ts';

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO timestamp');

export const epochRecordSchema = z.object({
  start: iso,
  /** Set when a later epoch took over: no batch of this one ends after it. */
  end: iso.optional(),
  seed: z.number().int().min(0),
  preset: z.string(),
  /** The normalized config (shared/config GeneratorConfig) the epoch was generated with. */
  config: normalizedConfigSchema,
  company_offset: z.number().int().min(0),
  skipped: z.array(z.tuple([iso, iso])),
  initial_fleet_committed: z.boolean(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

export const stateSchema = z.object({
  format: z.literal(1),
  seed: z.number().int().min(0),
  epochs: z.array(epochRecordSchema),
  /** Every batch that starts before this instant is committed or deliberately skipped. */
  frontier: iso.nullable(),
  companies: z.object({
    count: z.number().int().min(0),
    lines: z.number().int().min(0),
    bytes: z.number().int().min(0),
    quality_bytes: z.number().int().min(0),
    batches: z.number().int().min(0),
    corrupted: z.number().int().min(0),
    last_onboarding_start: iso.nullable(),
  }),
  drivers: z.object({
    batches: z.number().int().min(0),
    events: z.number().int().min(0),
    corrupted: z.number().int().min(0),
    records: z.number().int().min(0),
    last_batch_id: z.string().nullable(),
    last_interval_end: iso.nullable(),
    last_batch_time: iso.nullable(),
  }),
  last_company_batch_time: iso.nullable(),
  paused: z.boolean(),
  /**
   * A backfill not finished yet: until it is, no catch-up limit applies, and a restart after
   * a crash goes on with it. Absent in files of earlier versions.
   */
  backfill: z.object({ from: iso, started_at: iso }).nullable().optional(),
  updated_at: iso,
});
export type GeneratorState = z.infer<typeof stateSchema>;

export function emptyState(seed: number, now: Date): GeneratorState {
  return {
    format: 1,
    seed,
    epochs: [],
    frontier: null,
    companies: {
      count: 0,
      lines: 0,
      bytes: 0,
      quality_bytes: 0,
      batches: 0,
      corrupted: 0,
      last_onboarding_start: null,
    },
    drivers: {
      batches: 0,
      events: 0,
      corrupted: 0,
      records: 0,
      last_batch_id: null,
      last_interval_end: null,
      last_batch_time: null,
    },
    last_company_batch_time: null,
    paused: false,
    updated_at: now.toISOString(),
  };
}

/** A stored epoch as the engine plans it (times in seconds). */
export function epochFromRecord(record: EpochRecord): Epoch {
  const seconds = (iso: string) => Date.parse(iso) / 1000;
  return {
    config: record.config,
    seed: record.seed,
    startSeconds: seconds(record.start),
    endSeconds: record.end === undefined ? undefined : seconds(record.end),
    companyOffset: record.company_offset,
    skipped: record.skipped.map(([a, b]) => [seconds(a), seconds(b)] as const),
  };
}

/**
 * The state in `file`, validated (every epoch's config too), or undefined when there is no
 * such file. A file that cannot be read or parsed is a StoreError (state_unreadable,
 * state_invalid) that names it and says what to do.
 */
export function readStateFile(file: string): GeneratorState | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StoreError('state_unreadable', `cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new StoreError(
      'state_invalid',
      `${file} is damaged (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}); clean the data dir or choose another`,
    );
  }
  return parsed.data;
}
