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
import { splitFrontMatter } from './front-matter.ts';
import { fillCheckCommand, writeAnswerKey, writeNotebookHelper } from './notebook-files.ts';

export interface Exercise extends ExerciseSpec {
  /** The task, in Markdown (the file's body). */
  text: string;
}

/** exercises/ at the repository root (the CLI and the packaged app pass theirs). */
export const DEFAULT_EXERCISES_DIR = fileURLToPath(new URL('../../../exercises/', import.meta.url));

/** The line of a starter notebook that Prepare fills in with the exercise's folder. */
const DATA_LINE = /^DATA_DIR = ".*?"(.*)$/m;
const LAST_SCORECARD = '.last-scorecard.json';

/** The course, in order; a file that does not parse is an error naming it (the repo ships them). */
export function loadCourse(dir: string): Exercise[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d{2}-.*\.md$/.test(name))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const parts = splitFrontMatter(text);
      if (!parts) throw new Error(`${name}: no front matter between --- lines`);
      const parsed = exerciseFileSchema.safeParse(load(parts.yaml));
      if (!parsed.success)
        throw new Error(
          `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      if (`${parsed.data.id}.md` !== name) throw new Error(`${name}: id is ${parsed.data.id}`);
      return { ...parsed.data, text: parts.body.trim() };
    });
}

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

  constructor(private readonly options: CourseOptions) {
    this.exercises = loadCourse(options.exercisesDir);
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

  /**
   * Its dataset is generated to the end of its range. A damaged state file is not prepared:
   * Prepare then reports what is wrong with it.
   */
  private prepared(id: string): boolean {
    try {
      const state = readStateFile(dataPaths(this.folder(id)).state);
      return state?.frontier != null && Date.parse(state.frontier) >= Date.parse(this.get(id).to);
    } catch (err) {
      if (err instanceof StoreError) return false;
      throw err;
    }
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
    };
  }

  /**
   * Generates the exercise's dataset (skipping what is there: preparing twice is quick and
   * changes nothing) and writes its starter notebook with the folder filled in, unless the
   * student already has one there: their work is never overwritten.
   */
  async prepare(id: string): Promise<ExerciseView> {
    const e = this.get(id);
    const folder = this.folder(id);
    const preset = loadPreset(e.preset, this.options.presetsDir);
    if (!preset.ok)
      throw new ServiceError(
        500,
        'invalid_preset',
        `exercise ${id} names preset ${e.preset}, which is invalid`,
      );
    mkdirSync(folder, { recursive: true });
    await generateRange({
      dataDir: folder,
      config: preset.config,
      seed: e.seed,
      fromMs: Date.parse(e.from),
      toMs: Date.parse(e.to),
      workers: 1,
      log: this.options.log,
      // Another preparation of this exercise (the app's or the CLI's) is refused: 409.
      writer: { command: 'exercise preparation', otherwise: '' },
    });
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
    await writeAnswerKey(folder, { id, preset: e.preset, seed: e.seed, from: e.from, to: e.to });
    this.options.log.info('exercise prepared', { exercise: id, folder });
    return this.view(id);
  }

  /** Checks the table (the exercise's, or `table`) and keeps the scorecard as the last one. */
  async check(id: string, table?: string): Promise<Scorecard> {
    const e = this.get(id);
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

/** The notebook's DATA_DIR line, pointing at `folder` (a JSON string inside the .ipynb). */
export function fillDataDir(notebookText: string, folder: string): string {
  const nb = JSON.parse(notebookText) as { cells: Array<{ source: string | string[] }> };
  for (const cell of nb.cells) {
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (DATA_LINE.test(source)) {
      cell.source = source.replace(
        DATA_LINE,
        `DATA_DIR = ${JSON.stringify(folder)}  # this exercise's folder`,
      );
      return `${JSON.stringify(nb, null, 1)}\n`;
    }
  }
  throw new Error('the starter notebook has no DATA_DIR line');
}
