// The class's grid in memory: one row per student (by the random id their app made), one cell
// per exercise of the course with the last check's summary. Bounded: at most `maxStudents`
// rows, and cells only for the course's exercises, so a flood of ids or exercise names cannot
// make it grow; a new student beyond the bound is refused, known ones still update.
import {
  displayName,
  displayNameProblem,
  type ResultReport,
  type StudentRow,
} from '../../../shared/api.ts';
import { parseIsoMs } from '../../../shared/iso-time.ts';

/** Students a class holds at most (the issue asks for at least 1,000 × 20 exercises). */
export const MAX_STUDENTS = 1000;

/** A check as kept: numbers, not strings (a thousand rows of them stay small). */
interface Cell {
  passed: number;
  total: number;
  checkedAt: number;
  receivedAt: number;
  /** Absent: the student's app did not say (an older one, or an older checker). */
  hintsUsed?: number;
}

interface Student {
  id: string;
  name: string;
  cells: Map<string, Cell>;
  lastSeen: number;
}

export type Refusal = { status: 400 | 507; code: string; message: string };
export type Recorded = { ok: true; student: StudentRow } | ({ ok: false } & Refusal);

const iso = (ms: number) => new Date(ms).toISOString();

/** A report's time, or why it is not one (a student's clock may be off, not absurd). */
function checkedAt(text: string, now: number): number | undefined {
  const ms = parseIsoMs(text);
  if (ms === undefined) return undefined;
  const day = 24 * 3600_000;
  return ms > Date.UTC(2020, 0, 1) && ms < now + day ? ms : undefined;
}

export class ResultsBook {
  private readonly students = new Map<string, Student>();
  private readonly exercises: ReadonlySet<string>;

  constructor(
    exercises: readonly string[],
    readonly maxStudents: number = MAX_STUDENTS,
  ) {
    this.exercises = new Set(exercises);
  }

  get size(): number {
    return this.students.size;
  }

  /** Records one report (its name already checked by the schema's length). */
  record(report: ResultReport, now: number): Recorded {
    const problem = displayNameProblem(report.name);
    if (problem) return { ok: false, status: 400, code: 'invalid_name', message: problem };
    if (!this.exercises.has(report.exercise))
      return {
        ok: false,
        status: 400,
        code: 'unknown_exercise',
        message: `there is no exercise ${report.exercise} in this course (${[...this.exercises].join(', ')}): use the instructor's app version`,
      };
    if (report.passed > report.total)
      return {
        ok: false,
        status: 400,
        code: 'invalid_request',
        message: `passed (${report.passed}) cannot be more than total (${report.total})`,
      };
    const at = checkedAt(report.checked_at, now);
    if (at === undefined)
      return {
        ok: false,
        status: 400,
        code: 'invalid_request',
        message: `checked_at (${report.checked_at}) must be an ISO time after 2020 and not in the future`,
      };
    let student = this.students.get(report.student_id);
    if (!student) {
      if (this.students.size >= this.maxStudents)
        return {
          ok: false,
          status: 507,
          code: 'class_full',
          message: `the class has ${this.maxStudents} students already, the most it keeps: no room for another one (the instructor can delete the results with Clean)`,
        };
      student = { id: report.student_id, name: '', cells: new Map(), lastSeen: now };
      this.students.set(student.id, student);
    }
    student.name = displayName(report.name);
    student.lastSeen = now;
    student.cells.set(report.exercise, {
      passed: report.passed,
      total: report.total,
      checkedAt: at,
      receivedAt: now,
      ...(report.hints_used === undefined ? {} : { hintsUsed: report.hints_used }),
    });
    return { ok: true, student: this.row(student) };
  }

  rows(ids?: Iterable<string>): StudentRow[] {
    if (!ids) return [...this.students.values()].map((s) => this.row(s));
    const rows: StudentRow[] = [];
    for (const id of ids) {
      const student = this.students.get(id);
      if (student) rows.push(this.row(student));
    }
    return rows;
  }

  /** Puts back rows read from the file: invalid ones and those beyond the bounds are left out. */
  restore(rows: readonly StudentRow[]): number {
    let skipped = 0;
    for (const row of rows) {
      if (this.students.size >= this.maxStudents || this.students.has(row.id)) {
        skipped += 1;
        continue;
      }
      const cells = new Map<string, Cell>();
      for (const [exercise, cell] of Object.entries(row.cells)) {
        if (!this.exercises.has(exercise)) continue;
        const checked = parseIsoMs(cell.checked_at);
        const received = parseIsoMs(cell.received_at);
        if (checked === undefined || received === undefined) continue;
        cells.set(exercise, {
          passed: cell.passed,
          total: cell.total,
          checkedAt: checked,
          receivedAt: received,
          ...(cell.hints_used === undefined ? {} : { hintsUsed: cell.hints_used }),
        });
      }
      const seen = parseIsoMs(row.last_seen);
      if (displayNameProblem(row.name) || seen === undefined) {
        skipped += 1;
        continue;
      }
      this.students.set(row.id, {
        id: row.id,
        name: displayName(row.name),
        cells,
        lastSeen: seen,
      });
    }
    return skipped;
  }

  clear(): number {
    const count = this.students.size;
    this.students.clear();
    return count;
  }

  private row(student: Student): StudentRow {
    const cells: StudentRow['cells'] = {};
    for (const [exercise, c] of student.cells)
      cells[exercise] = {
        passed: c.passed,
        total: c.total,
        checked_at: iso(c.checkedAt),
        received_at: iso(c.receivedAt),
        ...(c.hintsUsed === undefined ? {} : { hints_used: c.hintsUsed }),
      };
    return { id: student.id, name: student.name, cells, last_seen: iso(student.lastSeen) };
  }
}
