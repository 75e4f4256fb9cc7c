// One reader of generator_state.json for the store, the answer keys, the CLI and exercises: a
// state file whose epoch config is damaged is refused by each of them with the same error,
// naming the key, instead of being used as a config (a crash or a wrong dataset later).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli.ts';
import { presetConfig } from '../../testing/presets.ts';
import { AnswersError, answerSource, summarizeAnswers } from '../classroom/answers.ts';
import { Course, DEFAULT_EXERCISES_DIR } from '../classroom/exercises.ts';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';
import { StoreError } from '../kernel/errors.ts';
import { createLogger } from '../logs/logger.ts';
import { generateRange } from '../production/generate.ts';
import { dataPaths } from './paths.ts';
import { readStateFile } from './state.ts';
import { DataStore } from './store.ts';

const log = createLogger({ dir: undefined, component: 'test' });
const DAMAGED = /generator_state\.json is damaged \(epochs\.0\.config\.quality_injection: /;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('the state file, read by everyone the same way', () => {
  let scratch: string;
  let dir: string;
  let state: string;
  let course: Course;
  const exercise = '01-bronze';

  /** The exercise's folder holds the dataset's state file, with its frontier past the range. */
  const copyToExercise = () => {
    const target = dataPaths(join(scratch, 'app', 'exercises', exercise)).state;
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(state, target);
    const parsed = JSON.parse(readFileSync(target, 'utf8'));
    parsed.frontier = course.get(exercise).to;
    writeFileSync(target, JSON.stringify(parsed));
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'spark-exp-state-'));
    dir = join(scratch, 'data');
    state = dataPaths(dir).state;
    await generateRange({
      dataDir: dir,
      config: presetConfig('small'),
      fromMs: Date.UTC(2024, 0, 1),
      toMs: Date.UTC(2024, 0, 1, 1),
      workers: 1,
      log,
    });
    course = new Course({
      exercisesDir: DEFAULT_EXERCISES_DIR,
      presetsDir: DEFAULT_PRESETS_DIR,
      dataDir: join(scratch, 'app'),
      log,
    });
  }, 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives the epochs with their configs as GeneratorConfig', async () => {
    const read = readStateFile(state);
    expect(read?.epochs[0]?.config).toEqual(presetConfig('small'));
    expect(readStateFile(join(scratch, 'nothing.json'))).toBeUndefined();
    copyToExercise();
    expect(course.view(exercise).prepared).toBe(true);
    const recipe = await runCli(['recipe', '--data-dir', dir]);
    expect(recipe.code, recipe.stderr).toBe(0);
    expect(JSON.parse(recipe.stdout).config.number_of_companies).toBe(
      presetConfig('small').number_of_companies,
    );
  });

  it('refuses a damaged epoch config in the store, answers, the CLI and exercises alike', async () => {
    const parsed = JSON.parse(readFileSync(state, 'utf8'));
    delete parsed.epochs[0].config.quality_injection;
    writeFileSync(state, JSON.stringify(parsed));

    const direct = thrown(() => readStateFile(state));
    expect(direct).toBeInstanceOf(StoreError);
    expect(direct).toMatchObject({
      code: 'state_invalid',
      message: expect.stringMatching(DAMAGED),
    });

    const store = thrown(() => DataStore.open(dir, { log, durable: false }));
    expect(store).toMatchObject({ code: 'state_invalid', message: expect.stringMatching(DAMAGED) });

    const answers = await Promise.resolve()
      .then(() => summarizeAnswers(answerSource(dir)))
      .catch((err: unknown) => err);
    expect(answers).toBeInstanceOf(AnswersError);
    expect(answers).toMatchObject({
      code: 'state_invalid',
      message: expect.stringMatching(DAMAGED),
    });

    const cli = await runCli(['recipe', '--data-dir', dir]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/state_invalid: .*epochs\.0\.config\.quality_injection/);

    copyToExercise();
    expect(course.view(exercise).prepared).toBe(false);
  });
});
