// Worker thread entry: runs batch tasks sent by WorkerPool, one at a time.
import { parentPort } from 'node:worker_threads';
import { DriverFragments } from '../../../engine/driver-batch.ts';
import { type BatchTask, runBatchTask } from './batch-task.ts';

const fragments = new DriverFragments();

parentPort?.on('message', async (message: { id: number; task: BatchTask }) => {
  try {
    const result = await runBatchTask(message.task, fragments);
    parentPort?.postMessage({ id: message.id, result });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parentPort?.postMessage({
      id: message.id,
      error: { name: e.name, message: e.message, code: e.code ?? null },
    });
  }
});
