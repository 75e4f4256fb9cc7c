// The course over HTTP with the real checker (Python + pyspark): list, one exercise, Prepare
// data, and Check my answer before anything is written. Passing checks are in the Spark tests
// (docker/tests/test_exercises.py), which run the reference notebooks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercisesSchema, exerciseViewSchema, scorecardSchema } from '../../../shared/exercises.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
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
