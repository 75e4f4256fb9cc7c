// Paths of the build scripts, right on Windows and in folders with spaces: a file URL's
// `pathname` is `/C:/…` there and `%20` for a space, so neither it nor `file://${path}` is a path.
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder `relative` to a module (its `import.meta.url`), as a file-system path. */
export function pathFrom(moduleUrl: string, relative: string): string {
  return fileURLToPath(new URL(relative, moduleUrl));
}

/**
 * Whether the module is the script Node was started with (`node [--import tsx] script.ts`).
 * Node names the main module by its real path, so the argument's symlinks are resolved too.
 */
export function isEntryPoint(moduleUrl: string, argv1 = process.argv[1]): boolean {
  if (!argv1) return false;
  let real: string;
  try {
    real = realpathSync(argv1);
  } catch {
    return false;
  }
  return moduleUrl === pathToFileURL(real).href;
}
