// The grid's cells, its sorting and its CSV.
import { describe, expect, it } from 'vitest';
import type { ClassResultsView, StudentRow } from '../../../shared/api.ts';
import {
  cellLabel,
  cellText,
  hintsWords,
  progress,
  resultsCsv,
  sortRows,
} from './class-results-format.ts';

const at = '2026-01-05T10:00:00.000Z';
const cell = (passed: number, total: number) => ({
  passed,
  total,
  checked_at: at,
  received_at: at,
});
const row = (id: string, name: string, cells: StudentRow['cells']): StudentRow => ({
  id,
  name,
  cells,
  last_seen: at,
});
const EXERCISES = ['01-bronze', '02-timestamps', '03-quarantine'];
const rows = [
  row('id-b', 'bruno', { '01-bronze': cell(3, 3), '02-timestamps': cell(1, 4) }),
  row('id-a', 'Ana', { '01-bronze': cell(3, 3), '02-timestamps': cell(4, 4) }),
  row('id-c', 'Carla', {}),
  row('id-d', 'Ana', { '01-bronze': cell(0, 3) }),
];

describe('the class grid', () => {
  it('shows ✓, ✗ n of m and ○, with words for screen readers', () => {
    expect([cellText(cell(3, 3)), cellText(cell(1, 4)), cellText(undefined)]).toEqual([
      '✓',
      '✗ 1 of 4',
      '○',
    ]);
    expect(cellLabel(cell(1, 4))).toBe('not yet, 1 of 4 checks');
    expect(cellLabel(undefined)).toBe('not checked yet');
  });

  it('adds the hints used when the student app said them, in words for screen readers', () => {
    const hinted = (passed: number, total: number, hints_used: number) => ({
      ...cell(passed, total),
      hints_used,
    });
    expect([
      cellText(hinted(3, 4, 2)),
      cellText(hinted(3, 3, 1)),
      cellText(hinted(1, 4, 0)),
    ]).toEqual(['✗ 3 of 4 · 2 hints', '✓ · 1 hint', '✗ 1 of 4']);
    expect(cellLabel(hinted(3, 4, 2))).toBe('not yet, 3 of 4 checks, 2 hints used');
    expect(cellLabel(hinted(3, 3, 1))).toBe('passed, all 3 checks, 1 hint used');
    expect(cellLabel(hinted(1, 4, 0))).toBe('not yet, 1 of 4 checks, no hints used');
    // An older student's app said nothing: nothing is said.
    expect(hintsWords(cell(1, 4))).toBeUndefined();
    expect(hintsWords(undefined)).toBeUndefined();
  });

  it('sorts by name (any case, twins by id) and by progress, both ways', () => {
    expect(sortRows(rows, EXERCISES, 'name', false).map((r) => r.id)).toEqual([
      'id-a',
      'id-d',
      'id-b',
      'id-c',
    ]);
    expect(sortRows(rows, EXERCISES, 'progress', false).map((r) => r.id)).toEqual([
      'id-a', // 2 exercises
      'id-b', // 1 exercise, 4 checks
      'id-d', // none, 0 checks: Ana before Carla
      'id-c',
    ]);
    expect(sortRows(rows, EXERCISES, 'progress', true)[0]?.id).toBe('id-c');
    expect(progress(rows[1] as StudentRow, EXERCISES)).toBe(2);
  });

  it('exports one CSV row per student, quoting commas and defusing formulas', () => {
    const view: ClassResultsView = {
      collecting: true,
      lan: true,
      link: null,
      exercises: EXERCISES.map((id) => ({ id, title: id })),
      students: [
        ...rows,
        row('id-e', '=HYPERLINK("x"), Eve', { '03-quarantine': { ...cell(2, 2), hints_used: 4 } }),
      ],
      limits: { students: 1000, name_characters: 40 },
    };
    const lines = resultsCsv(view).split('\r\n');
    // The hints used come last: the earlier columns stay where they were.
    expect(lines[0]).toBe(
      'name,exercises_passed,01-bronze,02-timestamps,03-quarantine,last_report,student_id,01-bronze_hints,02-timestamps_hints,03-quarantine_hints',
    );
    // By name, as sortRows does (punctuation first).
    expect(lines[1]).toBe(`"'=HYPERLINK(""x""), Eve",1,,,passed,${at},id-e,,,4`);
    expect(lines[2]).toBe(`Ana,2,passed,passed,,${at},id-a,,,`);
    expect(lines[3]).toBe(`Ana,0,0 of 3,,,${at},id-d,,,`);
    expect(lines).toHaveLength(view.students.length + 2); // the header, the rows, the last newline
  });
});
