// The course's files: exercises/*.md (front matter and task) and the starter notebooks'
// DATA_DIR line that Prepare fills in with the exercise's folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { type ExerciseSpec, exerciseFileSchema } from '../../../shared/exercises.ts';
import { splitFrontMatter } from './front-matter.ts';
import { releaseProblem } from './two-part.ts';

/** The line of a starter notebook that Prepare fills in with the exercise's folder. */
const DATA_LINE = /^DATA_DIR = ".*?"(.*)$/m;

export interface Exercise extends ExerciseSpec {
  /** The task, in Markdown (the file's body). */
  text: string;
}

/** exercises/ at the repository root (the CLI and the packaged app pass theirs). */
export const DEFAULT_EXERCISES_DIR = fileURLToPath(new URL('../../../exercises/', import.meta.url));

/**
 * The course, in order; a file that does not parse is an error naming it (the repo ships them).
 * With `presetsDir`, a two-part exercise's release.mid must be on its preset's batch grid.
 */
export function loadCourse(dir: string, presetsDir?: string): Exercise[] {
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
      const problem = presetsDir ? releaseProblem(parsed.data, presetsDir) : undefined;
      if (problem) throw new Error(`${name}: ${problem}`);
      return { ...parsed.data, text: parts.body.trim() };
    });
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
