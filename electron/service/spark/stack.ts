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
import { dirname, join, relative, resolve } from 'node:path';

/** What the stack needs at run time, by folder of the repository (or of the packaged app's
 *  resources, where docker/ and exercises/ sit side by side too): the compose file, what it
 *  mounts (jobs, job runner, the checker and the notebooks' helper) and what it builds (the
 *  Spark image with Delta Lake, the notebook image). The copy keeps the layout, so the compose
 *  file's `../exercises/...` mounts work from both. */
const STACK_ENTRIES: Record<string, string[]> = {
  docker: ['docker-compose.yml', 'spark', 'spark-image', 'notebook-image'],
  exercises: ['checker', 'notebook'],
};

/** Every file of the stack, relative to the folder that holds docker/ and exercises/. */
function stackFiles(root: string): string[] {
  const files: string[] = [];
  const add = (path: string) => {
    if (!statSync(path).isDirectory()) {
      files.push(relative(root, path));
      return;
    }
    for (const entry of readdirSync(path)) {
      if (entry !== '__pycache__' && !entry.startsWith('.')) add(join(path, entry));
    }
  };
  for (const [folder, names] of Object.entries(STACK_ENTRIES))
    for (const name of names) add(join(root, folder, name));
  return files.sort();
}

/** `<data>/.stack/`: hidden, so Spark and the dataset views ignore it; Clean keeps it. */
export function stackRoot(dataDir: string): string {
  return join(dataDir, '.stack');
}

/**
 * Copies the stack into `<data>/.stack/stack-<content hash>/` (once per version of its files,
 * atomically) and returns the copy's docker/ folder, which holds docker-compose.yml. A running
 * stack keeps its own folder when the app is updated, so its mounts never change under it.
 */
export function prepareStack(dockerDir: string, dataDir: string): string {
  const root = dirname(resolve(dockerDir));
  const files = stackFiles(root);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  const target = join(stackRoot(dataDir), `stack-${hash.digest('hex').slice(0, 12)}`);
  const composeDir = join(target, 'docker');
  if (existsSync(join(composeDir, 'docker-compose.yml'))) return composeDir;
  mkdirSync(stackRoot(dataDir), { recursive: true });
  const temp = join(stackRoot(dataDir), `.tmp-${process.pid}-${Date.now()}`);
  try {
    for (const file of files) cpSync(join(root, file), join(temp, file));
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    // Another process made the same folder first: that copy is as good as ours.
    if (existsSync(join(composeDir, 'docker-compose.yml'))) return composeDir;
    throw err;
  }
  return composeDir;
}
