// What a prepared exercise holds for its notebook besides the notebook itself: the answer key
// in <folder>/.answers/ (read by check() in the notebook, in the stack's JupyterLab or on the
// student's machine) and the notebooks' helper module beside the notebook, so that a Jupyter
// on the student's machine imports it from the notebook's folder (the stack mounts its own).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../platform/atomic.ts';
import { writeAnswers } from './answers.ts';

export const ANSWERS_DIR = '.answers';
export const NOTEBOOK_HELPER = 'spark_experiments.py';
/** Which dataset the answer key was written from; a different one makes it stale. */
const ANSWERS_SOURCE = 'source.json';
const CHECKER_LINE = /^CHECKER_DIR: str \| None = None$/m;

export interface AnswerKeySource {
  id: string;
  preset: string;
  seed: number;
  from: string;
  to: string;
  /**
   * A two-part exercise before Release more data: the key is its first part's, [from, mid),
   * and a check in the notebook can say to release the rest first. Absent otherwise.
   */
  first_part?: true;
}

/** The helper, its CHECKER_DIR pointing at the app's checker; rewritten only when it differs. */
export function writeNotebookHelper(folder: string, exercisesDir: string): string {
  const source = readFileSync(join(exercisesDir, 'notebook', NOTEBOOK_HELPER), 'utf8');
  if (!CHECKER_LINE.test(source)) throw new Error(`${NOTEBOOK_HELPER} has no CHECKER_DIR line`);
  const filled = source.replace(
    CHECKER_LINE,
    `CHECKER_DIR: str | None = ${JSON.stringify(resolve(exercisesDir, 'checker'))}`,
  );
  const target = join(folder, NOTEBOOK_HELPER);
  if (!existsSync(target) || readFileSync(target, 'utf8') !== filled)
    writeFileAtomic(target, filled);
  return target;
}

/**
 * The answer key of the exercise's dataset in `<folder>/.answers/` (csv, as `npm run answers`
 * writes it), unless the one there was written from the same dataset: preparing again stays
 * quick. Written beside it and renamed into place, so a notebook never reads half a key.
 */
export async function writeAnswerKey(folder: string, source: AnswerKeySource): Promise<string> {
  const target = join(folder, ANSWERS_DIR);
  const stamp = `${JSON.stringify(source)}\n`;
  try {
    if (readFileSync(join(target, ANSWERS_SOURCE), 'utf8') === stamp) return target;
  } catch {
    // No key yet, or an unreadable one: write it.
  }
  const temp = join(folder, `${ANSWERS_DIR}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(temp, { recursive: true });
  try {
    await writeAnswers(folder, temp);
    writeFileAtomic(join(temp, ANSWERS_SOURCE), stamp);
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  return target;
}

/** A word for the shell as typed (POSIX shells; PowerShell reads '…' alike). */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** The starter's `npm run check … --data-dir data` lines, naming the app's data folder. */
export function fillCheckCommand(notebookText: string, dataDir: string): string {
  const nb = JSON.parse(notebookText) as { cells: Array<{ source: string | string[] }> };
  const command = /(npm run check -- --exercise [\w-]+ --data-dir) data(?=`)/g;
  for (const cell of nb.cells) {
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (command.test(source)) cell.source = source.replace(command, `$1 ${shellWord(dataDir)}`);
    command.lastIndex = 0;
  }
  return `${JSON.stringify(nb, null, 1)}\n`;
}
