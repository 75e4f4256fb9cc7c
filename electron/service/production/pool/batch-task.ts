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

const LEDGER_FLUSH_LINES = 4096;

/** A ledger file of a batch: opened at its first line (no empty files), lines written in blocks. */
class LedgerFile {
  private fd: number | undefined;
  private pending: string[] = [];

  constructor(private readonly path: string) {}

  add(line: string): void {
    this.pending.push(line);
    if (this.pending.length >= LEDGER_FLUSH_LINES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.path, 'w');
    writeAll(this.fd, Buffer.from(`${this.pending.join('\n')}\n`));
    this.pending = [];
  }

  sync(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

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
  // The ledgers (_quality.jsonl, _late.jsonl): created at their first line, written in blocks.
  const quality = new LedgerFile(join(tmpDir, '_quality.jsonl'));
  const late = new LedgerFile(join(tmpDir, '_late.jsonl'));
  let bytes = 0;
  let writing: Promise<void> | undefined;
  let done = false;
  try {
    const chunks = driverBatchChunks(
      task.epoch,
      task.startSeconds,
      (line) => quality.add(line),
      fragments,
      undefined,
      { late: (line) => late.add(line) },
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
    quality.flush();
    late.flush();
    if (task.durable) {
      fsyncSync(eventsFd);
      quality.sync();
      late.sync();
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
      ...(meta.late_count !== undefined && {
        late_count: meta.late_count,
        withheld_count: meta.withheld_count,
        max_lateness_seconds: meta.max_lateness_seconds,
      }),
      // Issue 19's keys, only when the config has the section (late arrivals' keys go before).
      ...(meta.events_by_region && { events_by_region: meta.events_by_region }),
    };
    writeFileSync(join(tmpDir, 'batch_meta.json'), `${JSON.stringify(stored, null, 2)}\n`);
    done = true;
    return { kind: 'driver', tmpDir, meta: stored, bytes };
  } finally {
    await writing?.catch(() => undefined);
    closeSync(eventsFd);
    quality.close();
    late.close();
    // A failed batch (a full disk, say) gives its space back at once, not at the next start.
    if (!done) rmSync(tmpDir, { recursive: true, force: true });
  }
}
