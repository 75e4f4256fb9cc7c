// The class's results on disk: `<data>/class-results.json`, so they survive a restart. Written
// whole and atomically (temp file, then rename), at most once per `debounceMs` while reports
// come in (a class reporting every few seconds is one write every two seconds, not one per
// report), and at once when the service stops. A file that does not read is set aside as
// `class-results.json.unreadable` and the grid starts empty: it never stops the service.
// Fields are only ever added, optional (a cell's `hints_used`), and the version stays 1: a file
// written before reads here, and an older app reads a newer file (leaving the new fields out).
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type StudentRow, studentRowSchema } from '../../../shared/api.ts';
import type { Logger } from '../logs/logger.ts';
import { writeFileAtomic } from '../platform/atomic.ts';

export const RESULTS_FILE = 'class-results.json';
export const DEBOUNCE_MS = 2000;

const fileSchema = z.object({
  version: z.literal(1),
  students: z.array(z.unknown()),
});

export class ResultsFile {
  readonly path: string;
  private timer: NodeJS.Timeout | undefined;
  private writes = 0;

  constructor(
    dataDir: string,
    private readonly rows: () => StudentRow[],
    private readonly log: Pick<Logger, 'warn'>,
    private readonly debounceMs = DEBOUNCE_MS,
  ) {
    this.path = join(dataDir, RESULTS_FILE);
  }

  /** Writes made so far (the tests and the bench count them). */
  get written(): number {
    return this.writes;
  }

  /** The rows kept, each checked by its schema (a damaged row is left out, and said). */
  load(): StudentRow[] {
    if (!existsSync(this.path)) return [];
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (err) {
      const aside = `${this.path}.unreadable`;
      this.log.warn('the class results file does not read: set aside, starting empty', {
        file: RESULTS_FILE,
        moved_to: `${RESULTS_FILE}.unreadable`,
        message: (err as Error).message.slice(0, 200),
      });
      try {
        renameSync(this.path, aside);
      } catch {
        // left where it is; the next write replaces it
      }
      return [];
    }
    const rows: StudentRow[] = [];
    for (const row of parsed.students) {
      const r = studentRowSchema.safeParse(row);
      if (r.success) rows.push(r.data);
    }
    if (rows.length < parsed.students.length)
      this.log.warn('left out damaged rows of the class results file', {
        rows: parsed.students.length - rows.length,
      });
    return rows;
  }

  /** A write within `debounceMs` (one already planned is not moved: a steady stream still writes). */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, this.debounceMs);
    this.timer.unref?.();
  }

  /** Writes what is planned now (the service is stopping). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writeNow();
  }

  /** Deletes the file (and a write that was planned). */
  remove(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    rmSync(this.path, { force: true });
  }

  private writeNow(): void {
    try {
      writeFileAtomic(
        this.path,
        `${JSON.stringify({ version: 1, students: this.rows() })}\n`,
        true,
      );
      this.writes += 1;
    } catch (err) {
      // A full disk: the grid stays in memory, the next report tries again.
      this.log.warn('could not write the class results file', {
        file: RESULTS_FILE,
        message: (err as Error).message,
      });
    }
  }
}
