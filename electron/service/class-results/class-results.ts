// The instructor's side of the class's results (docs/teaching.md): Collect results on or off,
// each report of a student's app rate-limited per address and recorded in a bounded grid,
// the grid kept in the data folder, and a `change` event per recorded report (the event
// stream sends the changed rows on, to the instructor's dashboard only).
import { EventEmitter } from 'node:events';
import type { ClassResultsView, ResultReport, StudentRow } from '../../../shared/api.ts';
import { DISPLAY_NAME_MAX } from '../../../shared/api.ts';
import type { Logger } from '../logs/logger.ts';
import { RateLimiter } from './rate-limit.ts';
import { MAX_STUDENTS, type Refusal, ResultsBook } from './results-book.ts';
import { DEBOUNCE_MS, ResultsFile } from './results-file.ts';

export { type ReportingOptions, ReportingSetup } from './reporter.ts';
export { MAX_STUDENTS } from './results-book.ts';
export { RESULTS_FILE } from './results-file.ts';

/** A class's reports from one address: a burst of 20 (a room behind one NAT), then 2 a second. */
export const REPORT_RATE = { burst: 20, perSecond: 2, maxAddresses: 4096 } as const;

export type ResultsChange = { ids: string[] } | { reset: true };

export type Accepted =
  | { ok: true; student: StudentRow }
  | ({ ok: false; retryAfterSeconds?: number } & (
      | Refusal
      | { status: 409 | 429; code: string; message: string }
    ));

export interface ClassResultsOptions {
  dataDir: string;
  /** The course's exercises, in order: the grid's columns, and the only ids accepted. */
  exercises: ReadonlyArray<{ id: string; title: string }>;
  log: Pick<Logger, 'info' | 'warn'>;
  maxStudents?: number;
  rate?: { burst: number; perSecond: number; maxAddresses: number };
  debounceMs?: number;
  now?: () => number;
}

export class ClassResults {
  readonly events = new EventEmitter<{ change: [ResultsChange] }>();
  private readonly book: ResultsBook;
  private readonly file: ResultsFile;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private on = false;

  constructor(private readonly options: ClassResultsOptions) {
    this.now = options.now ?? Date.now;
    this.book = new ResultsBook(
      options.exercises.map((e) => e.id),
      options.maxStudents ?? MAX_STUDENTS,
    );
    this.limiter = new RateLimiter({ ...(options.rate ?? REPORT_RATE), now: this.now });
    this.file = new ResultsFile(
      options.dataDir,
      () => this.book.rows(),
      options.log,
      options.debounceMs ?? DEBOUNCE_MS,
    );
    const skipped = this.book.restore(this.file.load());
    if (skipped > 0)
      options.log.warn('left out rows of the class results file beyond the limits', { skipped });
    // Many reports can come at once: one listener per dashboard stream is expected.
    this.events.setMaxListeners(0);
  }

  get collecting(): boolean {
    return this.on;
  }

  /** Students in the grid. */
  get size(): number {
    return this.book.size;
  }

  /** Writes to the data folder so far. */
  get writes(): number {
    return this.file.written;
  }

  /** Collect results on or off (the routes check LAN mode first). The grid is kept either way. */
  setCollecting(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    this.options.log.info(on ? 'collecting class results' : 'stopped collecting class results', {
      students: this.book.size,
    });
    this.events.emit('change', { reset: true });
  }

  /** The rate limit of `address`, taken before anything of its request is read. */
  admit(address: string): Accepted | undefined {
    const rate = this.limiter.take(address);
    if (rate.ok) return undefined;
    const { burst, perSecond } = this.options.rate ?? REPORT_RATE;
    return {
      ok: false,
      status: 429,
      code: 'rate_limited',
      message: `too many reports from ${address}: wait ${rate.retryAfterSeconds} s (an address may send ${burst} at once, then ${perSecond} a second)`,
      retryAfterSeconds: rate.retryAfterSeconds,
    };
  }

  /** One report of a student's app (admitted by `admit`): Collect results, then the grid's rules. */
  accept(report: ResultReport): Accepted {
    if (!this.on)
      return {
        ok: false,
        status: 409,
        code: 'not_collecting',
        message: 'the instructor has not turned on Collect results: your check was not recorded',
      };
    const recorded = this.book.record(report, this.now());
    if (!recorded.ok) return recorded;
    this.file.changed();
    this.events.emit('change', { ids: [report.student_id] });
    return recorded;
  }

  rows(ids?: Iterable<string>): StudentRow[] {
    return this.book.rows(ids);
  }

  view(lan: { on: boolean; link: string | null }): ClassResultsView {
    return {
      collecting: this.on,
      lan: lan.on,
      link: lan.link,
      exercises: this.options.exercises.map((e) => ({ id: e.id, title: e.title })),
      students: this.book.rows(),
      limits: { students: this.book.maxStudents, name_characters: DISPLAY_NAME_MAX },
    };
  }

  /** Deletes every result, in memory and on disk (Clean with `class_results: true`). */
  clear(): number {
    const count = this.book.clear();
    this.file.remove();
    this.options.log.info('deleted the class results', { students: count });
    this.events.emit('change', { reset: true });
    return count;
  }

  /** Writes what is not written yet (the service is stopping). */
  stop(): void {
    this.file.flush();
  }
}
