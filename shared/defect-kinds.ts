// The defect kinds (the engine injects them, presets weight them) and the quarantine's rule
// names, listed once. The Python side (docker/spark/jobs, exercises/checker) reads them from
// docker/spark/jobs/defect_kinds.json, which travels with the jobs to the cluster and with the
// checker into the packaged app. defect-kinds.test.ts fails when that file differs from these
// constants; `node --import tsx electron/write-defect-kinds.ts` rewrites it (shared/ writes
// no files itself).

/** In the engine's draw order: changing the order changes every dataset. */
export const DEFECT_KINDS = [
  'missing_field',
  'null_value',
  'malformed_timestamp',
  'invalid_enum',
  'duplicate',
  'boundary_violation',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

/**
 * Defects of the company lifecycle (issue 19): not in the weighted draw above, injected only when
 * a preset has `lifecycle`. `after_deactivation` is an event of a driver whose company is
 * inactive, stamped in the inactive part of the interval.
 */
export const LIFECYCLE_DEFECT_KINDS = ['after_deactivation'] as const;
export type LifecycleDefectKind = (typeof LIFECYCLE_DEFECT_KINDS)[number];

/** Every kind a ledger (_quality.jsonl `issue`, batch_meta.json `issues`) can name. */
export const ALL_DEFECT_KINDS = [...DEFECT_KINDS, ...LIFECYCLE_DEFECT_KINDS] as const;
export type AnyDefectKind = (typeof ALL_DEFECT_KINDS)[number];

/** Where the Python side reads the list, from the repository root. */
export const DEFECT_KINDS_FILE = 'docker/spark/jobs/defect_kinds.json';

/** A line that is not a JSON object: Spark's reason, not a defect the generator injects. */
export const CORRUPT_RECORD = 'corrupt_record';

/**
 * The quarantine's rules in the order they are checked (the first a row breaks is its reason):
 * a line must be JSON, have every field, no nulls, a known event_type, a timestamp in the
 * generator's format inside its batch interval, not be stamped while its company was inactive,
 * and be the first copy of its event_id.
 */
export const QUARANTINE_RULES = [
  CORRUPT_RECORD,
  'missing_field',
  'null_value',
  'invalid_enum',
  'malformed_timestamp',
  'boundary_violation',
  'after_deactivation',
  'duplicate',
] as const;

/** The file's content: 2-space JSON and a final newline. */
export function defectKindsJson(): string {
  const file = {
    about: 'generated from shared/defect-kinds.ts by electron/write-defect-kinds.ts: do not edit',
    defect_kinds: DEFECT_KINDS,
    lifecycle_defect_kinds: LIFECYCLE_DEFECT_KINDS,
    quarantine_rules: QUARANTINE_RULES,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
