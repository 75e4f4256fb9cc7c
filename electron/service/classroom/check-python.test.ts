// Checking an answer on the host finds its Python the way the rest of the app does: on a
// machine with `python` and no `python3` (the python.org installer), the check runs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callsOf, standInJava, standInPython } from '../../testing/python-standins.ts';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';
import { createLogger } from '../logs/logger.ts';
import { Course, DEFAULT_EXERCISES_DIR } from './exercises.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-check-python-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Course.check on the host', () => {
  it('runs the checker with the Python discovery finds (python, when there is no python3)', async () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    // The checker's last line is its scorecard; this stand-in prints a failing one.
    const card = {
      exercise: '01-bronze',
      table: 't',
      format: null,
      rows: null,
      passed: false,
      checks: [],
    };
    const python = standInPython(bin, 'python', {}, `echo '${JSON.stringify(card)}'`);
    standInJava(bin, 'openjdk version "17.0.15" 2025-04-15');
    const course = new Course({
      exercisesDir: DEFAULT_EXERCISES_DIR,
      presetsDir: DEFAULT_PRESETS_DIR,
      dataDir: join(scratch, 'data'),
      log: createLogger({ dir: undefined, component: 'exercises' }),
      env: { PATH: bin },
    });
    const scorecard = await course.check('01-bronze');
    expect(scorecard).toMatchObject({ exercise: '01-bronze', passed: false });
    expect(callsOf(python)).toEqual([
      'python -c',
      `python ${join(DEFAULT_EXERCISES_DIR, 'checker', 'check.py')}`,
    ]);
  }, 60_000);
});
