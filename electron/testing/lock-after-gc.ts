// Takes a folder without keeping the lock object, collects garbage, and prints whether a
// second taker is still refused (`data_dir_in_use`) or gets it (`free`).
// node --expose-gc --import tsx electron/testing/lock-after-gc.ts FOLDER
import { DataFolderLock } from '../service/platform/data-folder-lock.ts';

const [folder] = process.argv.slice(2);
if (!folder) throw new Error('usage: lock-after-gc.ts FOLDER');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
DataFolderLock.acquire(folder, { command: 'serve' });
for (let i = 0; i < 3; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
try {
  DataFolderLock.acquire(folder, { command: 'generate' });
  process.stdout.write('free\n');
} catch (err) {
  process.stdout.write(`${(err as { code?: string }).code}\n`);
}
