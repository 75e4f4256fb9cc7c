// The course (docs/teaching.md, Exercises): the exercises of exercises/*.md, each with its own data
// folder under <data>/exercises/<id> (generated from its preset, seed and range, so every
// student has the same bytes), its starter notebook, and checks of the student's table by the
// Spark checker (exercises/checker/check.py) against the answer key from the engine.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { checkCommand } from '../../../shared/check-command.ts';
import { checkerArgs } from '../../../shared/checker-call.ts';
import {
  type ExerciseSpec,
  type ExerciseSummary,
  type ExerciseView,
  exerciseFileSchema,
  type Scorecard,
  scorecardSchema,
} from '../../../shared/exercises.ts';
import { loadPreset } from '../dataset/presets.ts';
import { ServiceError, StoreError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { writeFileAtomic } from '../platform/atomic.ts';
import { run } from '../platform/processes.ts';
import { generateRange } from '../production/generate.ts';
import { hostCheckPython } from '../python/host-python.ts';
import { dataPaths } from '../store/paths.ts';
import { readStateFile } from '../store/state.ts';
import {
  type CheckCommand,
  type CheckRun,
  type CheckRunner,
  exerciseAnswers,
} from './check-runner.ts';
import { type Exercise, fillDataDir, loadCourse } from './course-files.ts';
import { splitFrontMatter } from './front-matter.ts';
import { fillCheckCommand, writeAnswerKey, writeNotebookHelper } from './notebook-files.ts';
import { firstPartEnd, hintsRevealed, revealHint } from './two-part.ts';

export {
  DEFAULT_EXERCISES_DIR,
  type Exercise,
  fillDataDir,
  loadCourse,
} from './course-files.ts';

const LAST_SCORECARD = '.last-scorecard.json';

export interface CourseOptions {
  /** exercises/ of the repository (or the packaged app's resources). */
  exercisesDir: string;
  presetsDir: string;
  /** The data folder of the app: each exercise gets <dataDir>/exercises/<id>. */
  dataDir: string;
  log: Logger;
  /** The Python that has pyspark (default: discovery's, python/host-python.ts). */
  python?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the checker runs this time: the stack's runner, or undefined for this machine's Python. */
  checkRunner?: () => Promise<CheckRunner | undefined>;
  /** After each check that gave a scorecard (the class's results report it). */
  onChecked?: (card: Scorecard) => void;
}

export class Course {
  readonly exercises: Exercise[];
  private readonly checking = new Set<string>();
  private readonly stopping = new AbortController();
  /** Preparations and releases of each exercise, one after the other (they write its folder). */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(private readonly options: CourseOptions) {
    this.exercises = loadCourse(options.exercisesDir, options.presetsDir);
  }

  get(id: string): Exercise {
    const exercise = this.exercises.find((e) => e.id === id);
    if (!exercise)
      throw new ServiceError(
        404,
        'no_such_exercise',
        `there is no exercise ${id}; the course has ${this.exercises.map((e) => e.id).join(', ')}`,
      );
    return exercise;
  }

  folder(id: string): string {
    return join(this.options.dataDir, 'exercises', id);
  }

  /** How far its dataset is generated (ms), or undefined: none yet, or a damaged state file. */
  private frontier(id: string): number | undefined {
    try {
      const state = readStateFile(dataPaths(this.folder(id)).state);
      return state?.frontier == null ? undefined : Date.parse(state.frontier);
    } catch (err) {
      if (err instanceof StoreError) return undefined;
      throw err;
    }
  }

  /**
   * Its dataset is generated to the end of its first part (the whole range for a one-part
   * exercise). A damaged state file is not prepared: Prepare then reports what is wrong with it.
   */
  private prepared(id: string): boolean {
    return (this.frontier(id) ?? Number.NEGATIVE_INFINITY) >= firstPartEnd(this.get(id));
  }

  /** A two-part exercise's second part is written too; null for a one-part exercise. */
  private released(id: string): boolean | null {
    const e = this.get(id);
    if (!e.release) return null;
    return (this.frontier(id) ?? Number.NEGATIVE_INFINITY) >= Date.parse(e.to);
  }

  private progress(e: Exercise) {
    return {
      streaming: e.streaming,
      released: this.released(e.id),
      hints_total: e.hints.length,
      hints_revealed: hintsRevealed(this.folder(e.id), e.hints.length),
    };
  }

  /** Runs `work` after any preparation or release of the exercise in flight. */
  private serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.writing.get(id) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(work);
    this.writing.set(id, next);
    const forget = () => {
      if (this.writing.get(id) === next) this.writing.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  lastScorecard(id: string): Scorecard | null {
    try {
      const parsed = scorecardSchema.safeParse(
        JSON.parse(readFileSync(join(this.folder(id), LAST_SCORECARD), 'utf8')),
      );
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  summaries(): ExerciseSummary[] {
    return this.exercises.map((e) => ({
      id: e.id,
      title: e.title,
      prepared: this.prepared(e.id),
      passed: this.lastScorecard(e.id)?.passed ?? null,
      ...this.progress(e),
    }));
  }

  view(id: string): ExerciseView {
    const e = this.get(id);
    const folder = this.folder(id);
    return {
      ...e,
      folder,
      table_path: join(folder, ...e.table.path.split('/')),
      notebook: join(folder, `${id}.ipynb`),
      check_command: checkCommand(id, this.options.dataDir),
      prepared: this.prepared(id),
      last: this.lastScorecard(id),
      ...this.progress(e),
    };
  }

  /** Counts one more hint as revealed (the Exercises view shows them one at a time). */
  revealHint(id: string): ExerciseView {
    const e = this.get(id);
    const total = e.hints.length;
    if (hintsRevealed(this.folder(id), total) >= total)
      throw new ServiceError(
        409,
        'no_more_hints',
        total === 0
          ? `exercise ${id} has no hints`
          : `all ${total} hints of exercise ${id} are shown already`,
      );
    revealHint(this.folder(id), total);
    this.options.log.info('exercise hint revealed', {
      exercise: id,
      revealed: hintsRevealed(this.folder(id), total),
    });
    return this.view(id);
  }

  /**
   * Generates the exercise's dataset (skipping what is there: preparing twice is quick and
   * changes nothing) and writes its starter notebook with the folder filled in, unless the
   * student already has one there: their work is never overwritten. A two-part exercise gets
   * its first part, [from, release.mid); once released, preparing again keeps the whole range.
   */
  prepare(id: string): Promise<ExerciseView> {
    this.get(id);
    return this.serially(id, () => this.prepareNow(id));
  }

  /**
   * Release more data: writes the second part of a two-part exercise, [release.mid, to), into
   * its folder (the same bytes a one-shot preparation of the whole range writes), and the
   * answer key of the whole range. The student then restarts the query from its checkpoint.
   */
  release(id: string): Promise<ExerciseView> {
    const e = this.get(id);
    if (!e.release)
      throw new ServiceError(
        409,
        'not_two_part',
        `exercise ${id} is not graded in two parts: Prepare data writes all of its data`,
      );
    return this.serially(id, async () => {
      if (!this.prepared(id))
        throw new ServiceError(
          409,
          'not_prepared',
          `exercise ${id} is not prepared: Prepare data first (npm run exercises -- prepare ${id}), run your query on the first part, then release the rest`,
        );
      if (this.released(id))
        throw new ServiceError(
          409,
          'already_released',
          `the rest of exercise ${id}'s data (up to ${e.to}) is released already: restart your query from its checkpoint, then check`,
        );
      await this.generate(e, Date.parse(e.release?.mid ?? e.to), Date.parse(e.to), 'release');
      await this.writeKey(e);
      this.options.log.info('exercise data released', { exercise: id, to: e.to });
      return this.view(id);
    });
  }

  private async generate(e: Exercise, fromMs: number, toMs: number, what: 'prepare' | 'release') {
    const preset = loadPreset(e.preset, this.options.presetsDir);
    if (!preset.ok)
      throw new ServiceError(
        500,
        'invalid_preset',
        `exercise ${e.id} names preset ${e.preset}, which is invalid`,
      );
    mkdirSync(this.folder(e.id), { recursive: true });
    await generateRange({
      dataDir: this.folder(e.id),
      config: preset.config,
      seed: e.seed,
      fromMs,
      toMs,
      workers: 1,
      log: this.options.log,
      // Another preparation or release of this exercise (the app's or the CLI's) is refused: 409.
      writer: {
        command: what === 'prepare' ? 'exercise preparation' : 'exercise release',
        otherwise: '',
      },
    });
  }

  /** The answer key of what the folder holds: the first part, or the whole range once released. */
  private writeKey(e: Exercise): Promise<string> {
    const to = this.released(e.id) === false ? (e.release?.mid ?? e.to) : e.to;
    return writeAnswerKey(this.folder(e.id), {
      id: e.id,
      preset: e.preset,
      seed: e.seed,
      from: e.from,
      to,
    });
  }

  private async prepareNow(id: string): Promise<ExerciseView> {
    const e = this.get(id);
    const folder = this.folder(id);
    // Released already: the whole range is there, and generating to mid changes nothing.
    await this.generate(e, Date.parse(e.from), firstPartEnd(e), 'prepare');
    const notebook = join(folder, `${id}.ipynb`);
    if (!existsSync(notebook)) {
      const starter = readFileSync(
        join(this.options.exercisesDir, 'starters', `${id}.ipynb`),
        'utf8',
      );
      writeFileSync(notebook, fillCheckCommand(fillDataDir(starter, folder), this.options.dataDir));
    }
    // For check() in the notebook: the answer key and the helper the set-up cell imports.
    writeNotebookHelper(folder, this.options.exercisesDir);
    await this.writeKey(e);
    this.options.log.info('exercise prepared', { exercise: id, folder });
    return this.view(id);
  }

  /** Checks the table (the exercise's, or `table`) and keeps the scorecard as the last one. */
  async check(id: string, table?: string): Promise<Scorecard> {
    const e = this.get(id);
    if (this.released(id) === false)
      throw new ServiceError(
        409,
        'release_first',
        `exercise ${id} is graded in two parts: run your query on the first part, then Release more data (npm run exercises -- release ${id}), restart the query from its checkpoint, and check`,
      );
    if (this.checking.has(id))
      throw new ServiceError(409, 'check_running', `exercise ${id} is being checked already`);
    this.checking.add(id);
    try {
      return await this.runCheck(e, table);
    } finally {
      this.checking.delete(id);
    }
  }

  private async runCheck(e: Exercise, table: string | undefined): Promise<Scorecard> {
    const id = e.id;
    // Quick when prepared: only what is missing is generated.
    const view = await this.prepare(id);
    const inStack = await this.options.checkRunner?.();
    const command = {
      exercise: id,
      checker: e.checker,
      table: table ?? view.table_path,
      answers: await exerciseAnswers(view.folder),
    };
    const signal = this.stopping.signal;
    const result = inStack
      ? await inStack.run(command, signal)
      : await this.runOnHost(command, signal);
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      const why = /No module named 'pyspark'/.test(result.stderr)
        ? 'pyspark is not installed for this Python: pip install pyspark==3.5.8'
        : result.timedOut
          ? 'the check took more than 10 minutes'
          : signal.aborted
            ? 'the app is quitting'
            : result.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${result.code}`;
      throw new ServiceError(409, 'check_failed', `the checker could not run: ${why}`);
    }
    const card = scorecardSchema.parse({
      ...(parsed as object),
      // As this machine sees it, also when the checker ran in a container (/data/…).
      table: command.table,
      checked_at: new Date().toISOString(),
      hints_used: hintsRevealed(view.folder, e.hints.length),
    });
    writeFileAtomic(join(view.folder, LAST_SCORECARD), `${JSON.stringify(card)}\n`);
    this.options.log.info('exercise checked', {
      exercise: id,
      passed: card.passed,
      failed: card.checks.filter((c) => !c.passed).map((c) => c.name),
    });
    this.options.onChecked?.(card);
    return card;
  }

  /** The local backend's way: Python with pyspark and Java on this machine. */
  private async runOnHost(command: CheckCommand, signal: AbortSignal): Promise<CheckRun> {
    const env = this.options.env ?? process.env;
    const python = await hostCheckPython(this.options.python, env);
    const result = await run(
      python.command,
      [
        ...python.args,
        join(this.options.exercisesDir, 'checker', 'check.py'),
        ...checkerArgs(command),
      ],
      {
        env: { ...env, TZ: 'UTC' },
        timeoutMs: 10 * 60_000,
        signal,
      },
    );
    if (result.notFound)
      throw new ServiceError(
        409,
        'no_python',
        `${python.command} was not found: checking needs Python 3 with pyspark (pip install pyspark==3.5.8) and Java 17, or Spark started with Docker`,
      );
    return result;
  }

  /** Ends a check in flight (the app is quitting): no checker is left running. */
  stop(): void {
    this.stopping.abort();
  }
}
