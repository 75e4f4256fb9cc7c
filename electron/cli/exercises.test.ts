// `npm run exercises`: the course with progress (S for streaming, n of N passed), and
// `release ID` for a two-part exercise, on a test course (SPARK_EXPERIMENTS_EXERCISES_DIR).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, startCli } from '../testing/cli.ts';
import { ONE_PART, TWO_PART, writeTwoPartCourse } from '../testing/two-part-course.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-cli-exercises-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const exercisesDir = writeTwoPartCourse(join(scratch, 'exercises'));
const dataDir = join(scratch, 'data');

const exercises = (...args: string[]) =>
  finished(
    startCli(['exercises', ...args, '--data-dir', dataDir], {
      env: { ...process.env, SPARK_EXPERIMENTS_EXERCISES_DIR: exercisesDir },
    }),
  );

describe('npm run exercises', () => {
  it('lists the course with S for a streaming exercise and the progress', async () => {
    const r = await exercises();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `  S ${TWO_PART.padEnd(20)} Stream bronze in two parts  (not prepared)\n` +
        `    ${ONE_PART.padEnd(20)} Batch bronze in one part  (not prepared)\n` +
        '0 of 2 passed\n',
    );
  });

  it('releases the second part after prepare, once', async () => {
    const early = await exercises('release', TWO_PART);
    expect(early.code).not.toBe(0);
    expect(early.stderr).toContain(`exercise ${TWO_PART} is not prepared`);
    expect((await exercises('prepare', TWO_PART)).code).toBe(0);
    expect((await exercises()).stdout).toContain('(first part: release the rest');
    const r = await exercises('release', TWO_PART);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `released the rest of ${TWO_PART} (2024-01-01T01:00:00Z .. 2024-01-01T02:00:00Z) in ${join(dataDir, 'exercises', TWO_PART)}\nrestart your query from its checkpoint, then check\n`,
    );
    const events = readdirSync(join(dataDir, 'exercises', TWO_PART, 'raw', 'events')).sort();
    expect(events.at(-1)).toBe('20240101T014500Z');
    const again = await exercises('release', TWO_PART);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('is released already');
    const usage = await exercises('publish', TWO_PART);
    expect(usage.stderr).toContain('use: exercises [list | prepare ID | release ID]');
  }, 60_000);
});
