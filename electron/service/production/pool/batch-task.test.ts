// A driver batch as the pool writes it: with late arrivals, its _late.jsonl and batch_meta.json's
// late keys (appended, only when configured), the same in a worker thread as inline.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriverFragments } from '../../../engine/driver-batch.ts';
import { epochOf, JAN1, presetConfig } from '../../../testing/presets.ts';
import { type BatchTask, runBatchTask } from './batch-task.ts';
import { WorkerPool } from './worker-pool.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-task-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const META_KEYS = [
  'batch_id',
  'interval_start',
  'interval_end',
  'event_count',
  'seed',
  'generation_time',
  'corrupted_count',
  'record_count',
  'issues',
  'generation_mode',
  'companies_eligible',
];

function driverTask(preset: string, startSeconds: number): BatchTask {
  const epoch = epochOf(presetConfig(preset));
  return { kind: 'driver', epoch, startSeconds, eventsDir: scratch, durable: false };
}

describe('a driver batch task', () => {
  it('writes _late.jsonl beside events.jsonl, each line naming a late row of the file', async () => {
    let seen = 0;
    for (let k = 1; k < 12; k++) {
      const result = await runBatchTask(
        driverTask('late-data', JAN1 + 10 * k),
        new DriverFragments(),
      );
      if (result.kind !== 'driver') throw new Error('not a driver batch');
      const meta = JSON.parse(readFileSync(join(result.tmpDir, 'batch_meta.json'), 'utf8'));
      expect(Object.keys(meta)).toEqual([
        ...META_KEYS,
        'late_count',
        'withheld_count',
        'max_lateness_seconds',
        ...Object.keys(meta).filter((key) => key === 'events_by_region'),
      ]);
      expect(meta.max_lateness_seconds).toBe(30);
      const lines = readFileSync(join(result.tmpDir, 'events.jsonl'), 'utf8').trimEnd().split('\n');
      if (meta.late_count === 0) continue;
      const late = readFileSync(join(result.tmpDir, '_late.jsonl'), 'utf8').trimEnd().split('\n');
      expect(late.length).toBe(meta.late_count);
      for (const text of late) {
        const entry = JSON.parse(text);
        expect(Object.keys(entry)).toEqual(['line', 'event_id', 'true_batch_id', 'intervals_late']);
        expect(JSON.parse(lines[entry.line - 1] as string).event_id).toBe(entry.event_id);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('leaves batch_meta.json and the folder of a preset without late arrivals as they were', async () => {
    const result = await runBatchTask(driverTask('quality-injection', JAN1), new DriverFragments());
    if (result.kind !== 'driver') throw new Error('not a driver batch');
    const meta = JSON.parse(readFileSync(join(result.tmpDir, 'batch_meta.json'), 'utf8'));
    expect(Object.keys(meta)).toEqual(META_KEYS);
    expect(() => readFileSync(join(result.tmpDir, '_late.jsonl'))).toThrow(/ENOENT/);
  });

  it('writes the same late rows in a worker thread as inline', async () => {
    const pool = new WorkerPool(2);
    try {
      const tasks = [3, 4, 5].map((k) => driverTask('late-data', JAN1 + 10 * k));
      const inWorkers = await Promise.all(tasks.map((t) => pool.run(t)));
      for (const [i, task] of tasks.entries()) {
        const inline = await runBatchTask(task, new DriverFragments());
        const worker = inWorkers[i];
        if (worker?.kind !== 'driver' || inline.kind !== 'driver') throw new Error('wrong kinds');
        for (const file of ['events.jsonl', 'batch_meta.json']) {
          const read = (dir: string) =>
            readFileSync(join(dir, file), 'utf8').replace(/"generation_time": "[^"]*"/, '');
          expect(read(worker.tmpDir)).toBe(read(inline.tmpDir));
        }
        expect(worker.meta.late_count).toBe(inline.meta.late_count);
      }
    } finally {
      await pool.close();
    }
  });
});
