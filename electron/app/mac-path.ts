// An app started from Finder or the Dock gets launchd's PATH (/usr/bin:/bin:/usr/sbin:/sbin),
// so `docker` (and a Homebrew python or java) is "not installed" though a terminal finds it.
// Before the service starts, the desktop app completes PATH on macOS: first with what the
// user's login shell puts there (as VS Code and other Electron apps do, bounded by a timeout,
// since a shell's start-up files can be slow or hang), then with the folders Docker Desktop
// and Homebrew install into. What PATH already has stays first; nothing is added twice.
import { spawn } from 'node:child_process';
import { posix } from 'node:path';

/** Where Docker Desktop's CLI tools and Homebrew land on macOS, in the order tried. */
export function macToolFolders(home: string): string[] {
  return [
    '/usr/local/bin',
    '/opt/homebrew/bin',
    posix.join(home, '.docker', 'bin'),
    '/Applications/Docker.app/Contents/Resources/bin',
  ];
}

export interface PathPlaces {
  platform: NodeJS.Platform;
  /** PATH as the app was given it. */
  path: string | undefined;
  home: string;
  exists: (folder: string) => boolean;
  /** PATH as the user's login shell sets it (readLoginShellPath), if it could be read. */
  loginShellPath?: string | undefined;
}

/** The PATH the app should run with; unchanged (undefined) outside macOS or when nothing is missing. */
export function desktopPath(places: PathPlaces): string | undefined {
  if (places.platform !== 'darwin') return undefined;
  const have = splitPath(places.path);
  const fromShell = splitPath(places.loginShellPath);
  const known = macToolFolders(places.home).filter((folder) => places.exists(folder));
  const merged = [...new Set([...have, ...fromShell, ...known])];
  return merged.length === have.length ? undefined : merged.join(':');
}

function splitPath(path: string | undefined): string[] {
  return (path ?? '').split(':').filter((entry) => entry.length > 0);
}

const MARK = '__SPARK_EXPERIMENTS_PATH__';

/**
 * PATH as `shell -ilc` prints it, or undefined when the shell fails, prints nothing usable or
 * takes longer than `timeoutMs` (then it is killed). Markers around the value skip whatever
 * the start-up files print.
 */
export function readLoginShellPath(options: {
  shell: string | undefined;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}): Promise<string | undefined> {
  const shell = options.shell || '/bin/zsh';
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const child = spawn(
      shell,
      ['-ilc', `printf '${MARK}'; /usr/bin/printenv PATH; printf '${MARK}'`],
      {
        // oh-my-zsh would otherwise offer to update itself, waiting for an answer.
        env: { ...options.env, DISABLE_AUTO_UPDATE: 'true' },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
      },
    );
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      finish(undefined);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', () => finish(undefined));
    child.on('close', (code) => {
      const value = out.split(MARK)[1]?.trim();
      finish(code === 0 && value ? value : undefined);
    });
  });
}

/** Completes `env.PATH` on macOS before anything looks for docker, python or java. */
export async function completeMacPath(options: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  exists: (folder: string) => boolean;
  timeoutMs?: number;
}): Promise<void> {
  if (options.platform !== 'darwin') return;
  const loginShellPath = await readLoginShellPath({
    shell: options.env.SHELL,
    env: options.env,
    timeoutMs: options.timeoutMs ?? 3000,
  });
  const path = desktopPath({ ...options, path: options.env.PATH, loginShellPath });
  if (path !== undefined) options.env.PATH = path;
}
