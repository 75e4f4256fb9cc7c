// Where the checker runs. On the host it is Python with pyspark and Java (the local backend);
// with the Docker backend it runs in the stack (spark/stack-check.ts), so a student with only
// Docker can check. The Course asks the composition root which, once per check.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckerCall } from '../../../shared/checker-call.ts';
import { writeAnswers } from './answers.ts';

/** What the checker is asked, with this machine's paths (a runner translates them). */
export type CheckCommand = CheckerCall;

/** What a run of the checker left: its last stdout line is the scorecard. */
export interface CheckRun {
  code: number | null;
  stdout: string;
  stderr: string;
  notFound: boolean;
  timedOut: boolean;
}

export interface CheckRunner {
  /** For messages: where the checker runs ("in the stack's notebook container"). */
  readonly where: string;
  /** Runs the checker; `signal` ends it, in the container too. */
  run(command: CheckCommand, signal: AbortSignal): Promise<CheckRun>;
}

const ANSWER_FILES = ['events.csv', 'defects.csv', 'gold.csv'];

/**
 * `<folder>/.answers/`: the answer key of a prepared exercise, inside the data folder so the
 * checker in a container reads it too. Written once (the dataset of an exercise never
 * changes), into a temp folder renamed into place, so a check never reads half a key.
 */
export async function exerciseAnswers(folder: string): Promise<string> {
  const answers = join(folder, '.answers');
  if (ANSWER_FILES.every((name) => existsSync(join(answers, name)))) return answers;
  const temp = join(folder, `.answers-tmp-${process.pid}-${Date.now()}`);
  mkdirSync(temp, { recursive: true });
  try {
    await writeAnswers(folder, temp);
    rmSync(answers, { recursive: true, force: true });
    renameSync(temp, answers);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    // Another check wrote them first: theirs is the same key.
    if (ANSWER_FILES.every((name) => existsSync(join(answers, name)))) return answers;
    throw err;
  }
  return answers;
}
