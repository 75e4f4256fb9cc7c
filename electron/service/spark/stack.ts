// The compose stack is run from a copy beside the user's data, never from the app's install
// folder: Docker Desktop on macOS shares only some host folders (/Users, /Volumes, /private,
// /tmp, /var/folders), so mounts from /Applications/…/Resources are refused there.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';

/** What the stack needs at run time: the compose file, what it mounts (jobs, job runner) and
 *  what it builds (the Spark image with Delta Lake). */
const STACK_ENTRIES = ['docker-compose.yml', 'spark', 'spark-image'];

function stackFiles(dockerDir: string): string[] {
  const files: string[] = [];
  const add = (path: string) => {
    if (!statSync(path).isDirectory()) {
      files.push(path);
      return;
    }
    for (const entry of readdirSync(path)) {
      if (entry !== '__pycache__' && !entry.startsWith('.')) add(join(path, entry));
    }
  };
  for (const name of STACK_ENTRIES) add(join(dockerDir, name));
  return files.sort();
}

/** `<data>/.stack/`: hidden, so Spark and the dataset views ignore it; Clean keeps it. */
export function stackRoot(dataDir: string): string {
  return join(dataDir, '.stack');
}

/**
 * Copies the stack into `<data>/.stack/stack-<content hash>/` (once per version of its files,
 * atomically) and returns that folder. A running stack keeps its own folder when the app is
 * updated, so its mounts never change under it.
 */
export function prepareStack(dockerDir: string, dataDir: string): string {
  const files = stackFiles(dockerDir);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(dockerDir, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  const target = join(stackRoot(dataDir), `stack-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(join(target, 'docker-compose.yml'))) return target;
  mkdirSync(stackRoot(dataDir), { recursive: true });
  const temp = join(stackRoot(dataDir), `.tmp-${process.pid}-${Date.now()}`);
  try {
    for (const file of files) {
      const to = join(temp, relative(dockerDir, file));
      cpSync(file, to);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    // Another process made the same folder first: that copy is as good as ours.
    if (existsSync(join(target, 'docker-compose.yml'))) return target;
    throw err;
  }
  return target;
}
