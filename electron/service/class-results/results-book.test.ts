// The grid in memory: what a report must be, and its bound (1,000 students × 20 exercises).
import { describe, expect, it } from 'vitest';
import type { ResultReport } from '../../../shared/api.ts';
import { MAX_STUDENTS, ResultsBook } from './results-book.ts';

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const EXERCISES = Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(2, '0')}-ex`);

const report = (over: Partial<ResultReport> = {}): ResultReport => ({
  student_id: 'student-aaaaaaaaaaaa',
  name: 'Ana',
  exercise: '01-ex',
  passed: 2,
  total: 5,
  checked_at: new Date(NOW - 5000).toISOString(),
  ...over,
});

describe('ResultsBook', () => {
  it('keeps the last check of each exercise per student, and the name they use now', () => {
    const book = new ResultsBook(EXERCISES);
    expect(book.record(report(), NOW)).toMatchObject({ ok: true });
    book.record(report({ exercise: '02-ex', passed: 3, total: 3 }), NOW + 1000);
    const last = book.record(report({ name: '  Ana S.  ', passed: 5 }), NOW + 2000);
    expect(last).toEqual({
      ok: true,
      student: {
        id: 'student-aaaaaaaaaaaa',
        name: 'Ana S.',
        cells: {
          '01-ex': {
            passed: 5,
            total: 5,
            checked_at: new Date(NOW - 5000).toISOString(),
            received_at: new Date(NOW + 2000).toISOString(),
          },
          '02-ex': {
            passed: 3,
            total: 3,
            checked_at: new Date(NOW - 5000).toISOString(),
            received_at: new Date(NOW + 1000).toISOString(),
          },
        },
        last_seen: new Date(NOW + 2000).toISOString(),
      },
    });
    expect(book.size).toBe(1);
  });

  it('keeps the hints used when the report says them, and nothing when it does not', () => {
    const book = new ResultsBook(EXERCISES);
    book.record(report({ hints_used: 2 }), NOW);
    const second = book.record(report({ exercise: '02-ex', hints_used: 0 }), NOW);
    const third = book.record(report({ exercise: '03-ex' }), NOW);
    expect(second.ok && second.student.cells['02-ex']?.hints_used).toBe(0);
    if (!third.ok) throw new Error(third.message);
    expect(third.student.cells['01-ex']?.hints_used).toBe(2);
    // An older student's app says nothing: no count is made up.
    expect(third.student.cells['03-ex']).not.toHaveProperty('hints_used');
    // A later check replaces the cell, hints and all.
    const later = book.record(report({ passed: 5 }), NOW + 1000);
    expect(later.ok && later.student.cells['01-ex']).toEqual({
      passed: 5,
      total: 5,
      checked_at: new Date(NOW - 5000).toISOString(),
      received_at: new Date(NOW + 1000).toISOString(),
    });
    const again = new ResultsBook(EXERCISES);
    again.restore(book.rows());
    expect(again.rows()).toEqual(book.rows());
    expect(again.rows()[0]?.cells['02-ex']?.hints_used).toBe(0);
  });

  it('refuses what is not a summary of this course, saying why, and records nothing', () => {
    const book = new ResultsBook(EXERCISES);
    const refusals = [
      [report({ name: 'Ana\nBob' }), 'invalid_name'],
      [report({ name: 'a'.repeat(41) }), 'invalid_name'],
      [report({ exercise: '99-other' }), 'unknown_exercise'],
      [report({ passed: 6, total: 5 }), 'invalid_request'],
      [report({ checked_at: 'yesterday' }), 'invalid_request'],
      [report({ checked_at: new Date(NOW + 3 * 86_400_000).toISOString() }), 'invalid_request'],
      [report({ checked_at: '1999-01-01T00:00:00Z' }), 'invalid_request'],
    ] as const;
    for (const [r, code] of refusals)
      expect(book.record(r, NOW), JSON.stringify(r)).toMatchObject({
        ok: false,
        status: 400,
        code,
      });
    expect(book.size).toBe(0);
  });

  it(`holds ${MAX_STUDENTS} students × 20 exercises, then refuses a new student with 507 and never grows`, () => {
    const book = new ResultsBook(EXERCISES);
    for (let s = 0; s < MAX_STUDENTS; s++)
      for (const exercise of EXERCISES) {
        const r = book.record(
          report({ student_id: `student-${String(s).padStart(12, '0')}`, exercise }),
          NOW,
        );
        if (!r.ok) throw new Error(`student ${s} ${exercise}: ${r.message}`);
      }
    expect(book.size).toBe(MAX_STUDENTS);
    expect(book.rows().every((row) => Object.keys(row.cells).length === 20)).toBe(true);
    const newcomer = book.record(report({ student_id: 'student-newcomer0000' }), NOW);
    expect(newcomer).toMatchObject({ ok: false, status: 507, code: 'class_full' });
    expect(!newcomer.ok && newcomer.message).toMatch(/1000 students already/);
    expect(book.size).toBe(MAX_STUDENTS);
    // A student already in the class still updates.
    const known = book.record(
      report({ student_id: `student-${'0'.repeat(12)}`, passed: 5 }),
      NOW + 1,
    );
    expect(known.ok && known.student.cells['01-ex']?.passed).toBe(5);
  });

  it('restores rows read back, leaving out invalid ones, unknown exercises and those beyond the bound', () => {
    const book = new ResultsBook(['01-ex'], 2);
    const row = (id: string, name = 'Ana') => ({
      id,
      name,
      cells: {
        '01-ex': {
          passed: 1,
          total: 2,
          checked_at: '2026-01-01T00:00:00.000Z',
          received_at: '2026-01-01T00:00:01.000Z',
        },
        'gone-ex': {
          passed: 1,
          total: 1,
          checked_at: '2026-01-01T00:00:00.000Z',
          received_at: '2026-01-01T00:00:01.000Z',
        },
      },
      last_seen: '2026-01-01T00:00:01.000Z',
    });
    const skipped = book.restore([row('s1'), row('s2', 'Bad\u0007'), row('s3'), row('s4')]);
    expect(skipped).toBe(2);
    expect(book.rows().map((r) => [r.id, Object.keys(r.cells)])).toEqual([
      ['s1', ['01-ex']],
      ['s3', ['01-ex']],
    ]);
  });
});
