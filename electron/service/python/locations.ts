// Where the app-managed Python lives: a per-user folder (not the data folder, which is per
// dataset, nor the install folder, which may be read-only and signed). Inside it, envs/<id>/
// holds each built virtual environment and current.json names the one in use.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tests and unusual set-ups put the managed Python elsewhere with this variable. */
export const MANAGED_DIR_VARIABLE = 'SPARK_EXPERIMENTS_PYTHON_HOME';

/**
 * The per-user folder of the managed Python, by the platform's convention; undefined for an
 * environment that names no home (a test's or a service's), which so has no managed Python.
 */
export function managedRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const override = env[MANAGED_DIR_VARIABLE];
  if (override) return override;
  if (platform === 'win32') {
    const home = env.USERPROFILE || env.HOME;
    const local = env.LOCALAPPDATA || (home && join(home, 'AppData', 'Local'));
    return local ? join(local, 'spark-experiments', 'python') : undefined;
  }
  const home = env.HOME;
  if (!home) return undefined;
  if (platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'spark-experiments', 'python');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'spark-experiments', 'python');
}

/** The interpreter inside a virtual environment. */
export function venvPython(venv: string, platform: NodeJS.Platform): string {
  // The host's own join: an injected platform changes the layout, not the separators.
  return platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
}

/** What current.json records about the environment in use. */
export interface ManagedEnv {
  /** The folder name under envs/. */
  id: string;
  pins: string[];
  /** The base interpreter it was made from. */
  base: string;
  created_at: string;
  /** pyspark's folder inside it (a Spark distribution), found when it was made. */
  pyspark_home?: string;
}

export function currentFile(root: string): string {
  return join(root, 'current.json');
}

/** The managed environment in use, if one was set up and its interpreter is there. */
export function currentManagedEnv(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): { env: ManagedEnv; dir: string; python: string } | undefined {
  const root = managedRoot(env, platform);
  if (!root) return undefined;
  let current: ManagedEnv;
  try {
    current = JSON.parse(readFileSync(currentFile(root), 'utf8')) as ManagedEnv;
  } catch {
    return undefined;
  }
  if (typeof current.id !== 'string' || !Array.isArray(current.pins)) return undefined;
  const dir = join(root, 'envs', current.id);
  const python = venvPython(dir, platform);
  return existsSync(python) ? { env: current, dir, python } : undefined;
}
