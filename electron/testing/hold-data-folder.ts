// A writer of a data folder in its own process, for the lock tests: takes the folder as
// `command`, says so on stdout, and holds it until killed.
// node --import tsx electron/testing/hold-data-folder.ts FOLDER COMMAND [PORT]
import { DataFolderLock } from '../service/platform/data-folder-lock.ts';

const [folder, command = 'serve', port] = process.argv.slice(2);
if (!folder) throw new Error('usage: hold-data-folder.ts FOLDER [COMMAND] [PORT]');
const lock = DataFolderLock.acquire(folder, {
  command,
  port: port === undefined ? null : Number(port),
});
process.stdout.write(`holding ${lock.dir}\n`);
setInterval(() => undefined, 60_000);
