// What Prepare puts beside a starter notebook for check() in the notebook: the answer key in
// .answers/, the helper the set-up cell imports, and the check command with the data folder.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';
import { createLogger } from '../logs/logger.ts';
import { writeAnswers } from './answers.ts';
import { Course, DEFAULT_EXERCISES_DIR } from './exercises.ts';
import { fillCheckCommand } from './notebook-files.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-nb-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function course(dataDir: string, exercisesDir = DEFAULT_EXERCISES_DIR): Course {
  return new Course({
    exercisesDir,
    presetsDir: DEFAULT_PRESETS_DIR,
    dataDir,
    log: createLogger({ dir: undefined, component: 'test' }),
  });
}

function cellSources(notebook: string): string[] {
  return (
    JSON.parse(readFileSync(notebook, 'utf8')) as { cells: Array<{ source: string | string[] }> }
  ).cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

describe('Course.prepare for check() in the notebook', () => {
  const dataDir = join(scratch, "Teacher's data");

  it('writes the answer key into .answers/, as npm run answers writes it', async () => {
    const view = await course(dataDir).prepare('01-bronze');
    const answers = join(view.folder, '.answers');
    expect(readdirSync(answers).sort()).toEqual([
      'defects.csv',
      'events.csv',
      'gold.csv',
      'source.json',
      'summary.json',
    ]);
    const expected = join(scratch, 'expected-answers');
    await writeAnswers(view.folder, expected);
    for (const file of ['events.csv', 'defects.csv', 'gold.csv', 'summary.json'])
      expect(readFileSync(join(answers, file), 'utf8')).toBe(
        readFileSync(join(expected, file), 'utf8'),
      );
    // No temp folder is left beside it.
    expect(readdirSync(view.folder).filter((n) => n.startsWith('.answers'))).toEqual(['.answers']);
  });

  it('keeps the answer key when preparing again, and rewrites a stale one', async () => {
    const folder = join(dataDir, 'exercises', '01-bronze');
    const events = join(folder, '.answers', 'events.csv');
    const before = statSync(events);
    await course(dataDir).prepare('01-bronze');
    expect(statSync(events).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(events).ino).toBe(before.ino);
    // A key written from another dataset (an older app's exercise range) is replaced.
    writeFileSync(join(folder, '.answers', 'source.json'), '{"id":"01-bronze","seed":1}\n');
    writeFileSync(events, 'stale\n');
    await course(dataDir).prepare('01-bronze');
    expect(readFileSync(events, 'utf8')).toMatch(/^batch_id,/);
  });

  it('puts the helper beside the notebook, pointing at the app checker, so a local Jupyter imports it', async () => {
    const view = await course(dataDir).prepare('01-bronze');
    const helper = join(view.folder, 'spark_experiments.py');
    const checker = join(DEFAULT_EXERCISES_DIR, 'checker');
    expect(readFileSync(helper, 'utf8')).toContain(
      `CHECKER_DIR: str | None = ${JSON.stringify(checker)}`,
    );
    // Python imports it from the notebook's folder (a kernel's working directory) and finds the
    // checker from there, with no pyspark needed to get that far.
    const probe = spawnSync(
      'python3',
      ['-c', 'import spark_experiments as s; print(s.checker_dir()); print(s.jobs_dir())'],
      { cwd: view.folder, encoding: 'utf8', env: { ...process.env, PYTHONPATH: '' } },
    );
    expect(probe.stderr).toBe('');
    const [dir, jobs] = probe.stdout.trim().split('\n');
    expect(dir).toBe(checker);
    expect(readdirSync(jobs as string)).toContain('common.py');
  });

  it('fills in the check command with the data folder, quoted for the shell', async () => {
    const view = await course(dataDir).prepare('01-bronze');
    const text = cellSources(view.notebook).join('\n');
    expect(text).toContain(
      "`npm run check -- --exercise 01-bronze --data-dir '" +
        join(scratch, "Teacher'\\''s data") +
        "'`",
    );
    expect(text).not.toContain('--data-dir data`');
  });

  it('refreshes a helper from an older app, never the student notebook', async () => {
    const exercisesDir = join(scratch, 'app-exercises');
    cpSync(DEFAULT_EXERCISES_DIR, exercisesDir, { recursive: true });
    const data = join(scratch, 'data-refresh');
    const view = await course(data, exercisesDir).prepare('01-bronze');
    writeFileSync(view.notebook, '{"student": "work"}');
    const helper = join(exercisesDir, 'notebook', 'spark_experiments.py');
    writeFileSync(helper, `${readFileSync(helper, 'utf8')}\n# a newer app\n`);
    await course(data, exercisesDir).prepare('01-bronze');
    expect(readFileSync(join(view.folder, 'spark_experiments.py'), 'utf8')).toContain(
      '# a newer app',
    );
    expect(readFileSync(view.notebook, 'utf8')).toBe('{"student": "work"}');
  });
});

describe('fillCheckCommand', () => {
  const notebook = (source: string) => JSON.stringify({ cells: [{ source: [source] }] });
  it('leaves a plain path bare and changes only the command', () => {
    const out = fillCheckCommand(
      notebook('or `npm run check -- --exercise 04-silver --data-dir data`.'),
      '/home/ana/data',
    );
    expect(JSON.parse(out).cells[0].source).toBe(
      'or `npm run check -- --exercise 04-silver --data-dir /home/ana/data`.',
    );
  });
});
