// A pool of worker threads running batch tasks, so bulk generation never blocks the main
// thread (the API and the Electron main process stay responsive). Workers start only when
// work needs them: light work (a live tick, a one-batch `generate`) runs inline, because a
// worker costs more start-up time and memory than such a batch takes.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DriverFragments } from '../../../engine/driver-batch.ts';
import { type BatchTask, type BatchTaskResult, runBatchTask } from './batch-task.ts';

interface Pending {
  task: BatchTask;
  resolve: (result: BatchTaskResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: { id: number; pending: Pending } | undefined;
}

export class WorkerTaskError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

function spawnBatchWorker(): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const entry = new URL('./batch-worker.ts', self).href;
    return new Worker(new URL('./worker-boot.mjs', self), { workerData: { entry } });
  }
  // Bundled builds ship the worker as .mjs (ESM wherever it lies). In a packaged desktop app
  // it is unpacked beside app.asar (electron-builder asarUnpack): workers load from disk.
  const entry = fileURLToPath(new URL('./batch-worker.mjs', self)).replace(
    /app\.asar([\\/])/,
    'app.asar.unpacked$1',
  );
  return new Worker(entry);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private inlineFragments: DriverFragments | undefined;
  /** Tasks run so far, inline and in workers (for tests and benchmarks). */
  readonly ran = { inline: 0, workers: 0 };

  constructor(readonly size: number = defaultWorkerCount()) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`worker count must be >= 1, got ${size}`);
  }

  /** Worker threads started so far (they start on the first task that needs one). */
  get started(): number {
    return this.slots.length;
  }

  /** `inline`: run on this thread (light work; the caller decides what is light). */
  run(task: BatchTask, options: { inline?: boolean } = {}): Promise<BatchTaskResult> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (options.inline) {
      this.ran.inline++;
      this.inlineFragments ??= new DriverFragments();
      return runBatchTask(task, this.inlineFragments).catch((err: NodeJS.ErrnoException) => {
        throw new WorkerTaskError(err.message, err.code ?? null);
      });
    }
    this.ran.workers++;
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private startSlot(): Slot {
    const slot: Slot = { worker: spawnBatchWorker(), busy: undefined };
    slot.worker.on(
      'message',
      (message: {
        id: number;
        result?: BatchTaskResult;
        error?: { message: string; code: string | null };
      }) => {
        const busy = slot.busy;
        if (!busy || busy.id !== message.id) return;
        slot.busy = undefined;
        if (message.error)
          busy.pending.reject(new WorkerTaskError(message.error.message, message.error.code));
        else busy.pending.resolve(message.result as BatchTaskResult);
        this.dispatch();
      },
    );
    const fail = (error: Error) => {
      // 'error' is followed by 'exit': handle the first, once.
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      const busy = slot.busy;
      slot.busy = undefined;
      busy?.pending.reject(error);
      if (this.closed) return;
      // Replace the dead worker so the pool keeps its size.
      this.slots[index] = this.startSlot();
      this.dispatch();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`worker thread exited with code ${code}`));
    });
    return slot;
  }

  private dispatch(): void {
    const idle = this.slots.filter((slot) => !slot.busy).length;
    for (let i = idle; i < this.queue.length && this.slots.length < this.size; i++)
      this.slots.push(this.startSlot());
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      const id = this.nextId++;
      slot.busy = { id, pending };
      slot.worker.postMessage({ id, task: pending.task });
    }
  }
}
