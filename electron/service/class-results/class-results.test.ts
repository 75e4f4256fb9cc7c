// The instructor's side as a whole: Collect results, the rate limit before anything else,
// and the grid kept in the data folder (debounced atomic writes) across a restart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultReport, StudentRow } from '../../../shared/api.ts';
import { waitFor } from '../../testing/serve.ts';
import { ClassResults, RESULTS_FILE, type ResultsChange } from './class-results.ts';

const EXERCISES = [
  { id: '01-bronze', title: 'Bronze' },
  { id: '02-timestamps', title: 'Timestamps' },
];
const dirs: string[] = [];
const log = { info: () => undefined, warn: () => undefined };

function results(dir = mkdtempSync(join(tmpdir(), 'class-results-')), debounceMs = 50) {
  dirs.push(dir);
  return new ClassResults({ dataDir: dir, exercises: EXERCISES, log, debounceMs });
}

const report = (n: number, over: Partial<ResultReport> = {}): ResultReport => ({
  student_id: `student-${String(n).padStart(12, '0')}`,
  name: `Student ${n}`,
  exercise: '01-bronze',
  passed: n % 4,
  total: 3,
  checked_at: new Date(Date.now() - 1000).toISOString(),
  ...over,
});

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ClassResults', () => {
  it('records only while Collect results is on, and says so when it is off', () => {
    const r = results();
    const changes: ResultsChange[] = [];
    r.events.on('change', (c) => changes.push(c));
    expect(r.accept(report(1))).toMatchObject({ ok: false, status: 409, code: 'not_collecting' });
    r.setCollecting(true);
    expect(r.accept(report(1))).toMatchObject({ ok: true, student: { name: 'Student 1' } });
    r.setCollecting(false);
    expect(r.accept(report(2))).toMatchObject({ ok: false, code: 'not_collecting' });
    expect(r.size).toBe(1); // kept when turned off
    expect(changes).toEqual([{ reset: true }, { ids: [report(1).student_id] }, { reset: true }]);
    r.stop();
  });

  it('refuses a flood from one address with 429 and a wait, other addresses still get in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'class-results-'));
    dirs.push(dir);
    const r = new ClassResults({
      dataDir: dir,
      exercises: EXERCISES,
      log,
      rate: { burst: 3, perSecond: 1, maxAddresses: 10 },
    });
    const answers = Array.from({ length: 10 }, () => r.admit('192.0.2.50'));
    expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    for (const a of answers.slice(3))
      expect(a).toMatchObject({
        ok: false,
        status: 429,
        code: 'rate_limited',
        retryAfterSeconds: 1,
      });
    expect(r.admit('192.0.2.51')).toBeUndefined();
    r.stop();
  });

  it('writes the grid once per debounce, atomically, and reads it back after a restart', async () => {
    const first = results();
    first.setCollecting(true);
    for (let n = 0; n < 50; n++) first.accept(report(n));
    first.accept(report(7, { exercise: '02-timestamps', passed: 3 }));
    const file = join(dirs[0] as string, RESULTS_FILE);
    expect(existsSync(file)).toBe(false); // not yet: debounced
    await waitFor('the debounced write', () => (first.writes > 0 ? true : undefined));
    expect(first.writes).toBe(1);
    // No temp file is left beside it.
    expect(readdirSync(dirs[0] as string).filter((f) => f.includes('.tmp'))).toEqual([]);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.students).toHaveLength(50);
    first.stop();

    const second = results(dirs[0]);
    expect(second.rows()).toEqual(first.rows());
    expect(second.rows().find((s) => s.name === 'Student 7')?.cells['02-timestamps']?.passed).toBe(
      3,
    );
    expect(second.collecting).toBe(false); // turned on again by the instructor, with the new link
  });

  it('writes what is pending when it stops, and deletes the file when cleared', () => {
    const r = results(undefined, 60_000);
    r.setCollecting(true);
    r.accept(report(1));
    const file = join(dirs[0] as string, RESULTS_FILE);
    expect(existsSync(file)).toBe(false);
    r.stop();
    expect(JSON.parse(readFileSync(file, 'utf8')).students).toHaveLength(1);
    const again = results(dirs[0]);
    expect(again.clear()).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(again.rows()).toEqual([]);
    again.stop();
    expect(existsSync(file)).toBe(false); // nothing pending to write back
  });

  it('keeps the hints used in the file, and reads a file of the earlier format (without them)', () => {
    const first = results();
    first.setCollecting(true);
    first.accept(report(1, { hints_used: 2 }));
    first.accept(report(2));
    first.stop();
    const file = join(dirs[0] as string, RESULTS_FILE);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.version).toBe(1); // the earlier apps still read it (they leave the count out)
    const byName = (rows: StudentRow[], name: string) => rows.find((s) => s.name === name);
    expect(byName(saved.students, 'Student 1')?.cells['01-bronze']?.hints_used).toBe(2);
    expect(byName(saved.students, 'Student 2')?.cells['01-bronze']).not.toHaveProperty(
      'hints_used',
    );
    expect(results(dirs[0]).rows()).toEqual(first.rows());

    // As the earlier app wrote it, word for word: no hints_used anywhere.
    const dir = mkdtempSync(join(tmpdir(), 'class-results-'));
    const earlier = {
      version: 1,
      students: [
        {
          id: 'student-000000000001',
          name: 'Ana',
          cells: {
            '01-bronze': {
              passed: 2,
              total: 3,
              checked_at: '2026-01-05T09:59:00.000Z',
              received_at: '2026-01-05T10:00:00.000Z',
            },
          },
          last_seen: '2026-01-05T10:00:00.000Z',
        },
      ],
    };
    writeFileSync(join(dir, RESULTS_FILE), `${JSON.stringify(earlier)}\n`);
    const warnings: string[] = [];
    const loaded = new ClassResults({
      dataDir: dir,
      exercises: EXERCISES,
      log: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    dirs.push(dir);
    expect(loaded.rows()).toEqual(earlier.students);
    expect(warnings).toEqual([]);
    expect(existsSync(join(dir, `${RESULTS_FILE}.unreadable`))).toBe(false);
  });

  it('sets an unreadable file aside and starts empty instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'class-results-'));
    writeFileSync(join(dir, RESULTS_FILE), '{"version": 1, "students": [');
    const warnings: string[] = [];
    const r = new ClassResults({
      dataDir: dir,
      exercises: EXERCISES,
      log: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    dirs.push(dir);
    expect(r.size).toBe(0);
    expect(existsSync(join(dir, `${RESULTS_FILE}.unreadable`))).toBe(true);
    expect(warnings[0]).toMatch(/does not read: set aside/);
  });
});
