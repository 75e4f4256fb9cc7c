// One unit of generation work, run in a worker thread (or inline in tests): a company batch
// returned as bytes, or a driver batch written into its own temp folder, ready to be renamed.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, write, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CompanyBatchKey,
  type CompanyBatchResult,
  generateCompanyBatch,
} from '../../../engine/companies.ts';
import { type DriverFragments, driverBatchChunks } from '../../../engine/driver-batch.ts';
import { batchIdOf } from '../../../engine/format.ts';
import type { Epoch } from '../../../engine/plan.ts';
import { writeAll } from '../../platform/atomic.ts';
import { TEMP_BATCH_PREFIX } from '../../store/paths.ts';
import type { StoredBatchMeta } from '../../store/store.ts';

export type BatchTask =
  | { kind: 'companies'; epoch: Epoch; key: CompanyBatchKey }
  | { kind: 'driver'; epoch: Epoch; startSeconds: number; eventsDir: string; durable: boolean };

export type BatchTaskResult =
  | { kind: 'companies'; result: CompanyBatchResult }
  | { kind: 'driver'; tmpDir: string; meta: StoredBatchMeta; bytes: number };

const QUALITY_FLUSH_LINES = 4096;

/** pwrite of a whole chunk on the libuv thread pool, so the caller can generate meanwhile. */
function writeAt(fd: number, chunk: Uint8Array, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number) => {
      write(fd, chunk, offset, chunk.length - offset, position + offset, (err, written) => {
        if (err) reject(err);
        else if (offset + written < chunk.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

export async function runBatchTask(
  task: BatchTask,
  fragments: DriverFragments,
): Promise<BatchTaskResult> {
  if (task.kind === 'companies') {
    return { kind: 'companies', result: generateCompanyBatch(task.epoch, task.key) };
  }
  const batchId = batchIdOf(task.startSeconds);
  const tmpDir = join(
    task.eventsDir,
    `${TEMP_BATCH_PREFIX}${batchId}-${randomBytes(4).toString('hex')}`,
  );
  mkdirSync(tmpDir);
  const eventsFd = openSync(join(tmpDir, 'events.jsonl'), 'w');
  let qualityFd: number | undefined;
  let pending: string[] = [];
  const flushQuality = () => {
    if (pending.length === 0) return;
    qualityFd ??= openSync(join(tmpDir, '_quality.jsonl'), 'w');
    writeAll(qualityFd, Buffer.from(`${pending.join('\n')}\n`));
    pending = [];
  };
  let bytes = 0;
  let writing: Promise<void> | undefined;
  let done = false;
  try {
    const chunks = driverBatchChunks(
      task.epoch,
      task.startSeconds,
      (line) => {
        pending.push(line);
        if (pending.length >= QUALITY_FLUSH_LINES) flushQuality();
      },
      fragments,
    );
    let step = chunks.next();
    while (!step.done) {
      // The engine fills the other buffer while this chunk is written; wait for the previous
      // write before letting it reuse that buffer.
      await writing;
      writing = writeAt(eventsFd, step.value, bytes);
      bytes += step.value.length;
      step = chunks.next();
    }
    await writing;
    writing = undefined;
    const meta = step.value;
    flushQuality();
    if (task.durable) {
      fsyncSync(eventsFd);
      if (qualityFd !== undefined) fsyncSync(qualityFd);
    }
    // Key order of the docs/data-folder.md, Records.
    const stored: StoredBatchMeta = {
      batch_id: meta.batch_id,
      interval_start: meta.interval_start,
      interval_end: meta.interval_end,
      event_count: meta.event_count,
      seed: meta.seed,
      generation_time: new Date().toISOString(),
      corrupted_count: meta.corrupted_count,
      record_count: meta.record_count,
      issues: meta.issues,
      generation_mode: meta.generation_mode,
      companies_eligible: meta.companies_eligible,
      // Issue 19's keys, only when the config has the section (late arrivals' keys go before).
      ...(meta.events_by_region && { events_by_region: meta.events_by_region }),
    };
    writeFileSync(join(tmpDir, 'batch_meta.json'), `${JSON.stringify(stored, null, 2)}\n`);
    done = true;
    return { kind: 'driver', tmpDir, meta: stored, bytes };
  } finally {
    await writing?.catch(() => undefined);
    closeSync(eventsFd);
    if (qualityFd !== undefined) closeSync(qualityFd);
    // A failed batch (a full disk, say) gives its space back at once, not at the next start.
    if (!done) rmSync(tmpDir, { recursive: true, force: true });
  }
}
