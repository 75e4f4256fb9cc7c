import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFECT_KINDS as FROM_CONFIG } from './config.ts';
import {
  ALL_DEFECT_KINDS,
  DEFECT_KINDS,
  DEFECT_KINDS_FILE,
  defectKindsJson,
  LIFECYCLE_DEFECT_KINDS,
  QUARANTINE_RULES,
} from './defect-kinds.ts';

const onDisk = () => readFileSync(join(import.meta.dirname, '..', DEFECT_KINDS_FILE), 'utf8');

describe('the defect kinds file the Python side loads', () => {
  it('equals what shared/ would write (node --import tsx electron/write-defect-kinds.ts)', () => {
    expect(onDisk()).toBe(defectKindsJson());
  });

  it("holds the engine's defect kinds and every kind as a quarantine rule", () => {
    const file = JSON.parse(onDisk()) as {
      defect_kinds: string[];
      lifecycle_defect_kinds: string[];
      quarantine_rules: string[];
    };
    expect(file.defect_kinds).toEqual([...DEFECT_KINDS]);
    expect(file.lifecycle_defect_kinds).toEqual([...LIFECYCLE_DEFECT_KINDS]);
    expect(FROM_CONFIG).toBe(DEFECT_KINDS);
    expect([...file.quarantine_rules].sort()).toEqual(
      ['corrupt_record', ...ALL_DEFECT_KINDS].sort(),
    );
    expect(file.quarantine_rules).toEqual([...QUARANTINE_RULES]);
    // Duplicates are found last: only a row that passes every other rule is a copy.
    expect(file.quarantine_rules.at(-1)).toBe('duplicate');
    // An event stamped while its company was inactive is checked once its timestamp is in range.
    const rules: readonly string[] = QUARANTINE_RULES;
    expect(rules.indexOf('after_deactivation')).toBe(rules.indexOf('boundary_violation') + 1);
  });

  it('keeps the six weighted kinds in their draw order and lists every kind once', () => {
    expect(ALL_DEFECT_KINDS.slice(0, DEFECT_KINDS.length)).toEqual([...DEFECT_KINDS]);
    expect(new Set(ALL_DEFECT_KINDS).size).toBe(
      DEFECT_KINDS.length + LIFECYCLE_DEFECT_KINDS.length,
    );
  });
});
