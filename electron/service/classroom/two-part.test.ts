// Two-part exercises: Prepare writes [from, mid), Release more data writes [mid, to) into the
// same folder, and the folder is then byte for byte a one-shot preparation of [from, to): its
// raw files, ledgers and answer key. And the hints a student reveals, one at a time.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ONE_PART,
  TWO_PART,
  type TwoPartOptions,
  writeTwoPartCourse,
} from '../../testing/two-part-course.ts';
import { DEFAULT_PRESETS_DIR } from '../dataset/presets.ts';
import { createLogger } from '../logs/logger.ts';
import { Course, loadCourse } from './exercises.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-two-part-'));
afterAll(() => process.env.KEEP || rmSync(scratch, { recursive: true, force: true }));

let made = 0;
function course(options: TwoPartOptions = {}): Course {
  const dir = join(scratch, `course-${++made}`);
  return new Course({
    exercisesDir: writeTwoPartCourse(join(dir, 'exercises'), options),
    presetsDir: DEFAULT_PRESETS_DIR,
    dataDir: join(dir, 'data'),
    log: createLogger({ dir: undefined, component: 'test' }),
  });
}

/** When the generator wrote a file (wall clock): the only fields two runs may differ in. */
const WALL_CLOCK = new Set([
  'generation_time',
  'updated_at',
  'last_updated',
  'last_batch_time',
  'last_company_batch_time',
]);

function withoutWallClock(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWallClock);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !WALL_CLOCK.has(key))
      .map(([key, v]) => [key, withoutWallClock(v)]),
  );
}

/**
 * Every file under `dir` by relative path, with its bytes; the generator's own JSON files
 * (batch_meta.json, manifests/) without their wall-clock times, as the preset digests read them.
 */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path).split('\\').join('/');
      if (statSync(path).isDirectory()) walk(path);
      else if (
        name === 'batch_meta.json' ||
        (rel.startsWith('manifests/') && name.endsWith('.json'))
      )
        out.set(
          rel,
          Buffer.from(JSON.stringify(withoutWallClock(JSON.parse(readFileSync(path, 'utf8'))))),
        );
      else out.set(rel, readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

describe('Release more data', () => {
  it.each([
    ['quality-injection', {}],
    [
      'late-data (late arrivals across the release)',
      {
        preset: 'late-data',
        from: '2024-01-01T00:00:00Z',
        mid: '2024-01-01T00:05:00Z',
        to: '2024-01-01T00:10:00Z',
      },
    ],
  ])(
    '%s: prepare then release is byte for byte a one-shot preparation',
    async (_, range) => {
      const twoPart = course(range);
      const prepared = await twoPart.prepare(TWO_PART);
      expect(prepared).toMatchObject({ prepared: true, released: false, streaming: true });
      const firstPart = files(prepared.folder);
      const released = await twoPart.release(TWO_PART);
      expect(released).toMatchObject({ prepared: true, released: true });

      const oneShot = course({ ...range, release: false });
      const whole = await oneShot.prepare(TWO_PART);
      expect(whole.released).toBe(null);
      const a = files(released.folder);
      const b = files(whole.folder);
      // The notebook names its own folder and the helper its course's checker; the lock file
      // is the writer's, not the data's.
      const own = (path: string) =>
        path.endsWith('.ipynb') || path === 'spark_experiments.py' || path === '.writer.lock';
      const names = (m: Map<string, Buffer>) => [...m.keys()].filter((p) => !own(p)).sort();
      expect(names(a)).toEqual(names(b));
      const differ = names(a).filter((p) => !a.get(p)?.equals(b.get(p) as Buffer));
      expect(differ).toEqual([]);
      // The parts that matter are there, and the first part was less of them.
      expect(names(a)).toEqual(
        expect.arrayContaining([
          '.answers/events.csv',
          '.answers/gold.csv',
          'manifests/generator_state.json',
        ]),
      );
      expect(names(a).filter((p) => p.startsWith('raw/events/')).length).toBeGreaterThan(
        [...firstPart.keys()].filter((p) => p.startsWith('raw/events/')).length,
      );
      const lines = (m: Map<string, Buffer>) =>
        m.get('.answers/events.csv')?.toString().split('\n').length ?? 0;
      expect(lines(firstPart)).toBeLessThan(lines(a));
    },
    120_000,
  );
});

describe('a two-part exercise, step by step', () => {
  const twoPart = course();

  it('refuses to release before Prepare, and to check before the release', async () => {
    await expect(twoPart.release(TWO_PART)).rejects.toMatchObject({
      status: 409,
      code: 'not_prepared',
      message: expect.stringContaining(`npm run exercises -- prepare ${TWO_PART}`),
    });
    await expect(twoPart.check(TWO_PART)).rejects.toMatchObject({
      status: 409,
      code: 'release_first',
      message: expect.stringContaining('restart the query from its checkpoint'),
    });
  });

  it('prepares the first part only, with its answer key; the list says so', async () => {
    const view = await twoPart.prepare(TWO_PART);
    const batches = readdirSync(join(view.folder, 'raw', 'events')).sort();
    expect(batches.at(0)).toBe('20240101T000000Z');
    expect(batches.at(-1)).toBe('20240101T004500Z');
    const source = JSON.parse(readFileSync(join(view.folder, '.answers', 'source.json'), 'utf8'));
    expect(source.to).toBe('2024-01-01T01:00:00Z');
    expect(twoPart.summaries().find((s) => s.id === TWO_PART)).toMatchObject({
      prepared: true,
      released: false,
      streaming: true,
    });
    await expect(twoPart.check(TWO_PART)).rejects.toMatchObject({ code: 'release_first' });
  });

  it('releases the rest once; preparing again keeps the whole range and its key', async () => {
    const view = await twoPart.release(TWO_PART);
    expect(
      readdirSync(join(view.folder, 'raw', 'events'))
        .sort()
        .at(-1),
    ).toBe('20240101T014500Z');
    await expect(twoPart.release(TWO_PART)).rejects.toMatchObject({
      status: 409,
      code: 'already_released',
    });
    const again = await twoPart.prepare(TWO_PART);
    expect(again.released).toBe(true);
    const source = JSON.parse(readFileSync(join(view.folder, '.answers', 'source.json'), 'utf8'));
    expect(source.to).toBe('2024-01-01T02:00:00Z');
  });

  it('answers a one-part exercise that it has nothing to release', async () => {
    expect(() => twoPart.release(ONE_PART)).toThrow(/not graded in two parts/);
    expect(twoPart.view(ONE_PART)).toMatchObject({ streaming: false, released: null });
  });

  it('runs a preparation and a release of one exercise one after the other', async () => {
    const fresh = course();
    const [prepared, released] = await Promise.all([
      fresh.prepare(TWO_PART),
      fresh.release(TWO_PART),
    ]);
    expect(prepared.released).toBe(false);
    expect(released.released).toBe(true);
  });
});

describe('release.mid', () => {
  it('must be on the batch grid of its preset, and the error says which times are', () => {
    const dir = writeTwoPartCourse(join(scratch, 'off-grid', 'exercises'), {
      mid: '2024-01-01T01:05:00Z',
    });
    expect(() => loadCourse(dir, DEFAULT_PRESETS_DIR)).toThrow(
      `${TWO_PART}.md: release.mid: 2024-01-01T01:05:00Z is not on preset quality-injection's batch grid (a batch every 900 s): use 2024-01-01T01:00:00Z or 2024-01-01T01:15:00Z`,
    );
  });

  it('must be strictly inside the range', () => {
    const dir = writeTwoPartCourse(join(scratch, 'outside', 'exercises'), {
      mid: '2024-01-01T02:00:00Z',
    });
    expect(() => loadCourse(dir)).toThrow(
      `${TWO_PART}.md: release.mid: 2024-01-01T02:00:00Z must be strictly between from (2024-01-01T00:00:00Z) and to (2024-01-01T02:00:00Z)`,
    );
  });
});

describe('hints, one at a time', () => {
  it('counts each reveal in the folder, across a restart, up to the last', () => {
    const dir = join(scratch, 'hints');
    const open = () =>
      new Course({
        exercisesDir: writeTwoPartCourse(join(dir, 'exercises')),
        presetsDir: DEFAULT_PRESETS_DIR,
        dataDir: join(dir, 'data'),
        log: createLogger({ dir: undefined, component: 'test' }),
      });
    const first = open();
    expect(first.view(TWO_PART)).toMatchObject({ hints_total: 3, hints_revealed: 0 });
    expect(first.view(TWO_PART).hints.map((h) => h.tier)).toEqual(['idea', 'api', 'code']);
    expect(first.revealHint(TWO_PART).hints_revealed).toBe(1);
    expect(first.revealHint(TWO_PART).hints_revealed).toBe(2);
    // Another app (a restart) reads the count from the exercise's folder.
    const second = open();
    expect(second.summaries().find((s) => s.id === TWO_PART)?.hints_revealed).toBe(2);
    expect(second.revealHint(TWO_PART).hints_revealed).toBe(3);
    expect(() => second.revealHint(TWO_PART)).toThrow('all 3 hints of exercise');
    // The other exercise's count is its own; its plain hints are tiered by position.
    expect(second.view(ONE_PART)).toMatchObject({ hints_total: 2, hints_revealed: 0 });
    expect(second.view(ONE_PART).hints.map((h) => h.tier)).toEqual(['idea', 'code']);
  });

  it('a reveal before Prepare does not stop the preparation', async () => {
    const c = course();
    c.revealHint(ONE_PART);
    const view = await c.prepare(ONE_PART);
    expect(view).toMatchObject({ prepared: true, hints_revealed: 1 });
  });
});
