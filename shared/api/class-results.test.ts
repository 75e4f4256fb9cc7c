// Display names as the grid and the CSV show them: one plain line of 1 to 40 characters.
import { describe, expect, it } from 'vitest';
import {
  DISPLAY_NAME_MAX,
  displayName,
  displayNameProblem,
  resultReportSchema,
} from './class-results.ts';

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
    const report = {
      student_id: 'a'.repeat(22),
      name: 'Ana',
      exercise: '03-quarantine',
      passed: 2,
      total: 5,
      checked_at: '2026-01-01T10:00:00Z',
    };
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
      { code: 'print(1)' },
    ])
      expect(
        resultReportSchema.safeParse({ ...report, ...change }).success,
        JSON.stringify(change),
      ).toBe(false);
  });
});
