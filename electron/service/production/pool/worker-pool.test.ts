import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriverFragments } from '../../../engine/driver-batch.ts';
import { epochOf, JAN1, presetConfig } from '../../../testing/presets.ts';
import { type BatchTask, runBatchTask } from './batch-task.ts';
import { WorkerPool, WorkerTaskError } from './worker-pool.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-pool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('WorkerPool', () => {
  it('produces in worker threads exactly what the task produces inline', async () => {
    const epoch = epochOf(presetConfig('quality-injection'));
    const task: BatchTask = {
      kind: 'driver',
      epoch,
      startSeconds: JAN1,
      eventsDir: scratch,
      durable: false,
    };
    const pool = new WorkerPool(2);
    try {
      const [a, b] = await Promise.all([
        pool.run(task),
        pool.run({ kind: 'companies', epoch, key: { kind: 'initial' } }),
      ]);
      const inline = await runBatchTask(task, new DriverFragments());
      if (a.kind !== 'driver' || inline.kind !== 'driver' || b.kind !== 'companies')
        throw new Error('wrong kinds');
      for (const file of ['events.jsonl', '_quality.jsonl']) {
        expect(readFileSync(join(a.tmpDir, file))).toEqual(readFileSync(join(inline.tmpDir, file)));
      }
      expect(a.meta.record_count).toBe(inline.meta.record_count);
      expect(b.result.companies).toBe(10);
    } finally {
      await pool.close();
    }
  });

  it('passes a failing task back as an error with its code, and keeps working', async () => {
    const epoch = epochOf(presetConfig('base'));
    const pool = new WorkerPool(1);
    try {
      const failing = pool.run({
        kind: 'driver',
        epoch,
        startSeconds: JAN1,
        eventsDir: join(scratch, 'missing', 'dir'),
        durable: false,
      });
      await expect(failing).rejects.toBeInstanceOf(WorkerTaskError);
      await expect(failing).rejects.toMatchObject({ code: 'ENOENT' });
      const ok = await pool.run({ kind: 'companies', epoch, key: { kind: 'initial' } });
      expect(ok.kind).toBe('companies');
    } finally {
      await pool.close();
    }
  });

  it('starts workers only for work that is not inline, no more than needed', async () => {
    const epoch = epochOf(presetConfig('base'));
    const companies: BatchTask = { kind: 'companies', epoch, key: { kind: 'initial' } };
    const pool = new WorkerPool(2);
    try {
      expect(pool.started).toBe(0);
      const inline = await pool.run(companies, { inline: true });
      expect(inline.kind).toBe('companies');
      expect(pool.started).toBe(0);
      await pool.run(companies);
      expect(pool.started).toBe(1); // one task, one worker
      await Promise.all([pool.run(companies), pool.run(companies), pool.run(companies)]);
      expect(pool.started).toBe(2); // never more than the pool's size
      expect(pool.ran).toEqual({ inline: 1, workers: 4 });
    } finally {
      await pool.close();
    }
  });

  it('passes an inline failure back like a worker failure', async () => {
    const pool = new WorkerPool(1);
    const failing = pool.run(
      {
        kind: 'driver',
        epoch: epochOf(presetConfig('base')),
        startSeconds: JAN1,
        eventsDir: join(scratch, 'missing', 'dir'),
        durable: false,
      },
      { inline: true },
    );
    await expect(failing).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(failing).rejects.toMatchObject({ code: 'ENOENT' });
    expect(pool.started).toBe(0);
    await pool.close();
  });

  it('rejects work after close', async () => {
    const pool = new WorkerPool(1);
    await pool.close();
    await expect(
      pool.run({
        kind: 'companies',
        epoch: epochOf(presetConfig('base')),
        key: { kind: 'initial' },
      }),
    ).rejects.toThrow(/closed/);
  });
});
