// Display names as the grid and the CSV show them: one plain line of 1 to 40 characters.
import { describe, expect, it } from 'vitest';
import {
  DISPLAY_NAME_MAX,
  displayName,
  displayNameProblem,
  REPORT_ACCEPTS,
  resultCellSchema,
  resultReportSchema,
} from './class-results.ts';
import { healthSchema } from './health.ts';

/** A report as a student's app sends it, every field in bounds. */
const report = {
  student_id: 'a'.repeat(22),
  name: 'Ana',
  exercise: '03-quarantine',
  passed: 2,
  total: 5,
  checked_at: '2026-01-01T10:00:00Z',
};

describe('display names', () => {
  it('takes 1 to 40 printable characters once trimmed, in any script', () => {
    for (const name of [
      'Ana',
      '  Ana Silva  ',
      'José Ñúñez',
      '王小明',
      'Ana 🚀',
      'a'.repeat(40),
      '🚀'.repeat(40),
    ])
      expect(displayNameProblem(name), name).toBeUndefined();
    expect(displayName('  Ana Silva \u00a0')).toBe('Ana Silva');
    // NFC: the same name typed two ways is one name.
    expect(displayName('Jose\u0301')).toBe(displayName('Jos\u00e9'));
  });

  it('refuses an empty, a too long and a multi-line or invisible name, saying why', () => {
    expect(displayNameProblem('   ')).toMatch(/type a display name/);
    expect(displayNameProblem('a'.repeat(41))).toMatch(/at most 40 characters \(this one has 41\)/);
    expect(displayNameProblem('🚀'.repeat(DISPLAY_NAME_MAX + 1))).toMatch(/has 41/);
    for (const bad of [
      'Ana\nBob',
      'Ana\tBob',
      'Ana\u0000',
      'Ana\u202eboB',
      'An\u200ba',
      'Ana\u2028Bob',
      'Ana\u001b[31m',
    ])
      expect(displayNameProblem(bad), JSON.stringify(bad)).toMatch(/only printable characters/);
  });

  it('bounds every field of a report in its schema', () => {
    expect(resultReportSchema.safeParse(report).success).toBe(true);
    for (const change of [
      { student_id: 'short' },
      { student_id: 'a'.repeat(65) },
      { name: '' },
      { name: 'a'.repeat(81) },
      { exercise: '../etc' },
      { passed: -1 },
      { total: 0 },
      { total: 1001 },
      { passed: 1.5 },
      { hints_used: -1 },
      { hints_used: 0.5 },
      { hints_used: 1001 },
      { hints_used: '2' },
      { code: 'print(1)' },
    ])
      expect(
        resultReportSchema.safeParse({ ...report, ...change }).success,
        JSON.stringify(change),
      ).toBe(false);
  });

  it('takes hints_used as an optional field of a report and a cell, and in health', () => {
    expect(resultReportSchema.parse({ ...report, hints_used: 0 }).hints_used).toBe(0);
    expect(resultReportSchema.parse({ ...report, hints_used: 1000 }).hints_used).toBe(1000);
    expect(resultReportSchema.parse(report)).not.toHaveProperty('hints_used');
    const cell = {
      passed: 2,
      total: 5,
      checked_at: report.checked_at,
      received_at: report.checked_at,
    };
    expect(resultCellSchema.parse(cell)).toEqual(cell); // as an older app wrote it
    expect(resultCellSchema.parse({ ...cell, hints_used: 3 }).hints_used).toBe(3);
    // Every field the instructor side says it accepts is one of a report's, and optional.
    for (const field of REPORT_ACCEPTS) {
      expect(resultReportSchema.shape).toHaveProperty(field);
      expect(resultReportSchema.shape[field].safeParse(undefined).success).toBe(true);
    }
    // An older app's health has no class_results; a later one may list more fields.
    const advert = healthSchema.shape.class_results;
    expect(advert.safeParse(undefined).success).toBe(true);
    expect(advert.parse({ accepts: ['hints_used', 'later'] })?.accepts).toContain('later');
  });
});
