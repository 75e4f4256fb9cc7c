// The class's grid as the instructor reads it: a cell as ✓ (every check passed), ✗ n of m
// (the last check did not pass), ○ (never checked), each with the hints the student used when
// their app says (`· 2 hints`); rows sorted by name or progress; and the CSV export, one row
// per student, safe to open in a spreadsheet.
import type { ClassResultsView, ResultCell, StudentRow } from '../../../shared/api.ts';

export type CellState = 'passed' | 'failed' | 'none';

export function cellState(cell: ResultCell | undefined): CellState {
  if (!cell) return 'none';
  return cell.total > 0 && cell.passed === cell.total ? 'passed' : 'failed';
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What a cell shows: `✓`, `✗ 2 of 5` or `○`, and `· 2 hints` when some were used. */
export function cellText(cell: ResultCell | undefined): string {
  const state = cellState(cell);
  if (state === 'none' || !cell) return '○';
  const hints = cell.hints_used ? ` · ${plural(cell.hints_used, 'hint')}` : '';
  if (state === 'passed') return `✓${hints}`;
  return `✗ ${cell.passed} of ${cell.total}${hints}`;
}

/** The hints used, in words (`no hints used`, `2 hints used`); undefined when not said. */
export function hintsWords(cell: ResultCell | undefined): string | undefined {
  if (cell?.hints_used === undefined) return undefined;
  return cell.hints_used === 0 ? 'no hints used' : `${plural(cell.hints_used, 'hint')} used`;
}

/** What a screen reader says for a cell. */
export function cellLabel(cell: ResultCell | undefined): string {
  const state = cellState(cell);
  if (state === 'none' || !cell) return 'not checked yet';
  const hints = hintsWords(cell);
  const checks =
    state === 'passed'
      ? `passed, all ${cell.total} checks`
      : `not yet, ${cell.passed} of ${cell.total} checks`;
  return hints ? `${checks}, ${hints}` : checks;
}

/** Exercises whose last check passed. */
export function progress(row: StudentRow, exercises: readonly string[]): number {
  return exercises.filter((id) => cellState(row.cells[id]) === 'passed').length;
}

/** Checks passed over every exercise (a tie-breaker between the same number of exercises). */
function checksPassed(row: StudentRow): number {
  return Object.values(row.cells).reduce((sum, c) => sum + c.passed, 0);
}

export type SortKey = 'name' | 'progress';

const byName = (a: StudentRow, b: StudentRow) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) ||
  a.id.localeCompare(b.id);

/** Sorted by name (A to Z) or by progress (most first); `descending` flips either. */
export function sortRows(
  rows: readonly StudentRow[],
  exercises: readonly string[],
  key: SortKey,
  descending: boolean,
): StudentRow[] {
  const compare =
    key === 'name'
      ? byName
      : (a: StudentRow, b: StudentRow) =>
          progress(b, exercises) - progress(a, exercises) ||
          checksPassed(b) - checksPassed(a) ||
          byName(a, b);
  const sorted = [...rows].sort(compare);
  return descending ? sorted.reverse() : sorted;
}

/**
 * A CSV field: quoted when it holds a comma, quote or line break, and a name that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab) prefixed with `'`.
 */
function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * One row per student: name, exercises passed, each exercise's `passed` / `2 of 5` / empty,
 * the last report, the id, then each exercise's hints used (empty when the app did not say;
 * last, so the earlier columns stay where they were).
 */
export function resultsCsv(view: ClassResultsView): string {
  const ids = view.exercises.map((e) => e.id);
  const header = [
    'name',
    'exercises_passed',
    ...ids,
    'last_report',
    'student_id',
    ...ids.map((id) => `${id}_hints`),
  ];
  const lines = [header.map(field).join(',')];
  for (const row of sortRows(view.students, ids, 'name', false)) {
    const cells = ids.map((id) => {
      const cell = row.cells[id];
      const state = cellState(cell);
      return state === 'none' || !cell
        ? ''
        : state === 'passed'
          ? 'passed'
          : `${cell.passed} of ${cell.total}`;
    });
    const hints = ids.map((id) => String(row.cells[id]?.hints_used ?? ''));
    lines.push(
      [row.name, String(progress(row, ids)), ...cells, row.last_seen, row.id, ...hints]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
