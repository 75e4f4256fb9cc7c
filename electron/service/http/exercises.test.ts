// The course over HTTP with the real checker (Python + pyspark): list, one exercise, Prepare
// data, and Check my answer before anything is written. Passing checks are in the Spark tests
// (docker/tests/test_exercises.py), which run the reference notebooks.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercisesSchema, exerciseViewSchema, scorecardSchema } from '../../../shared/exercises.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { ONE_PART, TWO_PART, writeTwoPartCourse } from '../../testing/two-part-course.ts';
import { Course, DEFAULT_EXERCISES_DIR } from '../classroom/exercises.ts';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';

describe('/api/exercises', () => {
  let api: InProcessApi;

  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s', startPaused: true });
  });
  afterAll(() => api.stop());

  it('lists the course in order, nothing prepared yet', async () => {
    const { status, body } = await api.call('/api/exercises');
    expect(status).toBe(200);
    const course = exercisesSchema.parse(body).exercises;
    expect(course.map((e) => e.id)).toEqual([
      '01-bronze',
      '02-timestamps',
      '03-quarantine',
      '04-stream-bronze',
      '05-stream-silver',
      '06-stream-gold',
      '07-off-interval',
      '08-watermarks',
      '09-company-scd2',
      '10-inactive-join',
      '11-regional-days',
      '12-layout',
    ]);
    // The streaming ones (S in the course list of issue 24).
    expect(course.filter((e) => e.streaming).map((e) => e.id)).toEqual([
      '04-stream-bronze',
      '05-stream-silver',
      '06-stream-gold',
      '08-watermarks',
      '10-inactive-join',
    ]);
    expect(course.every((e) => !e.prepared && e.passed === null)).toBe(true);
  });

  it('answers 404 with the course for an unknown exercise', async () => {
    const { status, body } = await api.call('/api/exercises/99-nope');
    expect(status).toBe(404);
    expect(body.error).toBe('no_such_exercise');
    expect(body.message).toContain('01-bronze');
    expect((await api.call('/api/exercises/99-nope/check', { method: 'POST' })).status).toBe(404);
  });

  it('prepares the data and a starter notebook that points at it', async () => {
    const { status, body } = await api.call('/api/exercises/03-quarantine/prepare', {
      method: 'POST',
    });
    expect(status).toBe(200);
    const view = exerciseViewSchema.parse(body);
    expect(view.prepared).toBe(true);
    expect(view.folder).toBe(join(api.dir, 'exercises', '03-quarantine'));
    expect(existsSync(join(view.folder, 'raw', 'events', '20240101T000000Z', 'events.jsonl'))).toBe(
      true,
    );
    const notebook = JSON.parse(readFileSync(view.notebook, 'utf8'));
    const sources: string[] = notebook.cells.map((c: { source: string | string[] }) =>
      Array.isArray(c.source) ? c.source.join('') : c.source,
    );
    const dataCell = { source: sources.find((s) => s.startsWith('DATA_DIR')) };
    expect(dataCell.source).toContain(JSON.stringify(view.folder));
    // The live dataset is not touched.
    expect((await api.call('/api/health')).body.driver_batches).toBe(0);
    const listed = exercisesSchema.parse((await api.call('/api/exercises')).body).exercises;
    expect(listed.find((e) => e.id === '03-quarantine')?.prepared).toBe(true);
  });

  it('checks with Spark: no table yet is a failed scorecard that says so, kept as the last one', async () => {
    const { status, body } = await api.call('/api/exercises/03-quarantine/check', {
      method: 'POST',
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const card = scorecardSchema.parse(body);
    expect(card.passed).toBe(false);
    expect(card.checks[0]?.name).toBe('the table can be read');
    expect(card.checks[0]?.message).toMatch(/there is no table at .*lake\/quarantine/);
    const view = exerciseViewSchema.parse((await api.call('/api/exercises/03-quarantine')).body);
    expect(view.last?.checked_at).toBe(card.checked_at);
    const listed = exercisesSchema.parse((await api.call('/api/exercises')).body).exercises;
    expect(listed.find((e) => e.id === '03-quarantine')?.passed).toBe(false);
  }, 120_000);

  it('says what to install when there is no Python to check with', async () => {
    const course = new Course({
      exercisesDir: DEFAULT_EXERCISES_DIR,
      presetsDir: DEFAULT_PRESETS_DIR,
      dataDir: api.dir,
      log: api.service.log,
      python: 'python-that-is-not-installed',
    });
    await expect(course.check('03-quarantine')).rejects.toMatchObject({
      code: 'no_python',
      message: expect.stringContaining('pip install pyspark==3.5.8'),
    });
  });
});

describe('/api/exercises: two parts and hints (a test course)', () => {
  let api: InProcessApi;
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'spark-exp-two-part-api-'));
    api = startInProcessApi({
      preset: 'emulated-5s',
      startPaused: true,
      exercisesDir: writeTwoPartCourse(join(scratch, 'exercises')),
    });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const post = (path: string) => api.call(path, { method: 'POST' });

  it('lists the streaming exercise with its parts and hints', async () => {
    const course = exercisesSchema.parse((await api.call('/api/exercises')).body).exercises;
    expect(course).toEqual([
      {
        id: TWO_PART,
        title: 'Stream bronze in two parts',
        prepared: false,
        passed: null,
        streaming: true,
        released: false,
        hints_total: 3,
        hints_revealed: 0,
      },
      {
        id: ONE_PART,
        title: 'Batch bronze in one part',
        prepared: false,
        passed: null,
        streaming: false,
        released: null,
        hints_total: 2,
        hints_revealed: 0,
      },
    ]);
  });

  it('releases the rest only after Prepare, once, and checks only after the release', async () => {
    const early = await post(`/api/exercises/${TWO_PART}/release`);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('not_prepared');
    const prepared = exerciseViewSchema.parse(
      (await post(`/api/exercises/${TWO_PART}/prepare`)).body,
    );
    expect(prepared).toMatchObject({
      prepared: true,
      released: false,
      release: { mid: '2024-01-01T01:00:00Z' },
    });
    const check = await post(`/api/exercises/${TWO_PART}/check`);
    expect(check.status).toBe(409);
    expect(check.body.error).toBe('release_first');
    const released = await post(`/api/exercises/${TWO_PART}/release`);
    expect(released.status).toBe(200);
    expect(exerciseViewSchema.parse(released.body).released).toBe(true);
    const again = await post(`/api/exercises/${TWO_PART}/release`);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_released');
    const onePart = await post(`/api/exercises/${ONE_PART}/release`);
    expect([onePart.status, onePart.body.error]).toEqual([409, 'not_two_part']);
    expect((await post('/api/exercises/99-nope/release')).status).toBe(404);
  });

  it('reveals hints one at a time, and the scorecard records how many were shown', async () => {
    const one = await post(`/api/exercises/${ONE_PART}/hints`);
    expect(one.status).toBe(200);
    expect(exerciseViewSchema.parse(one.body)).toMatchObject({ hints_revealed: 1, hints_total: 2 });
    const card = await post(`/api/exercises/${ONE_PART}/check`);
    expect(card.status, JSON.stringify(card.body)).toBe(200);
    expect(scorecardSchema.parse(card.body)).toMatchObject({ passed: false, hints_used: 1 });
    expect((await post(`/api/exercises/${ONE_PART}/hints`)).body.hints_revealed).toBe(2);
    const none = await post(`/api/exercises/${ONE_PART}/hints`);
    expect([none.status, none.body.error]).toEqual([409, 'no_more_hints']);
    expect((await post('/api/exercises/99-nope/hints')).status).toBe(404);
  }, 120_000);
});
