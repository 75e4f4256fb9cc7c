// What the app serves or deletes must lie inside the data folder: a symbolic link anywhere
// below it (`raw/events/<batch>` -> /home/someone) would let it read or delete elsewhere.
import { lstatSync } from 'node:fs';
import { relative, sep } from 'node:path';

/**
 * Whether `path` exists below `root` with no symbolic link on the way (`root` itself may be
 * one: the user chose it). False for a path outside `root` or one that does not exist.
 */
export function realPathBelow(root: string, path: string): boolean {
  const steps = relative(root, path).split(sep);
  if (steps[0] === '' || steps[0] === '..') return false;
  let at = root;
  for (const step of steps) {
    at = `${at}${sep}${step}`;
    try {
      if (lstatSync(at).isSymbolicLink()) return false;
    } catch {
      return false;
    }
  }
  return true;
}
