// Helpers of the real-engine lane: the Docker CLI, the project's leftovers, stopping and
// starting dockerd, the bundled app installed outside the repository, and `serve` run by an
// ordinary user (the app as a person runs it).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../../electron/build-server.ts';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { sleep } from '../../../electron/testing/serve.ts';

export const PROJECT = 'spark-experiments';
/** The stack's Spark image (Delta baked in), built by setup.sh on its local apache/spark stand-in. */
export const SPARK_IMAGE = process.env.SPARK_IMAGE ?? 'spark-experiments/spark:3.5.8-delta-local';
/** The stand-in for apache/spark that setup.sh builds SPARK_IMAGE on (should compose build). */
export const SPARK_BASE_IMAGE =
  process.env.SPARK_BASE_IMAGE ?? 'spark-experiments/spark:3.5.8-local';
export const GENERATOR_IMAGE = process.env.GENERATOR_IMAGE ?? 'spark-experiments/generator:local';
/** The notebook image, built by setup.sh from docker/notebook-image/Dockerfile on SPARK_IMAGE. */
export const NOTEBOOK_IMAGE = process.env.NOTEBOOK_IMAGE ?? 'spark-experiments/notebook:local';
/** The ordinary user setup.sh creates (in the docker group), when the lane runs as root. */
export const TEST_USER = { name: 'sparkexp', uid: 1234, gid: 1234 };

export function docker(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000) {
  const result = spawnSync('docker', args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Containers, networks and volumes labelled with the compose project. */
export function projectLeftovers(project = PROJECT): string[] {
  const label = `label=com.docker.compose.project=${project}`;
  const list = (args: string[]) =>
    docker(args)
      .stdout.split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  return [
    ...list(['ps', '-a', '--filter', label, '--format', 'container {{.Names}}']),
    ...list(['network', 'ls', '--filter', label, '--format', 'network {{.Name}}']),
    ...list(['volume', 'ls', '--filter', label, '--format', 'volume {{.Name}}']),
  ];
}

export function engineAnswers(): boolean {
  return docker(['info', '--format', '{{.ServerVersion}}'], {}, 20_000).code === 0;
}

/** Stops dockerd as a shutdown would (SIGTERM): its containers stop with it. */
export async function stopEngine(): Promise<void> {
  const pids = spawnSync('pidof', ['dockerd'], { encoding: 'utf8' }).stdout.trim();
  if (!pids) throw new Error('no dockerd process to stop');
  for (const pid of pids.split(/\s+/)) process.kill(Number(pid), 'SIGTERM');
  for (let i = 0; i < 120; i++) {
    if (!spawnSync('pidof', ['dockerd']).stdout?.toString().trim()) return;
    await sleep(500);
  }
  throw new Error('dockerd did not stop within 60 s');
}

/** Starts dockerd again, as docker/tests/engine/setup.sh does. */
export async function startEngine(): Promise<void> {
  const child = spawn('dockerd', [], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  for (let i = 0; i < 120; i++) {
    if (engineAnswers()) return;
    await sleep(500);
  }
  throw new Error('dockerd did not come back within 60 s');
}

/**
 * The app as an installed program: the bundled service, the dashboard, the presets, the
 * docker and exercises folders in a folder of its own outside the repository, readable by
 * every user.
 */
export async function installBundledApp(): Promise<string> {
  const app = mkdtempSync(join(tmpdir(), 'spark-exp-app-'));
  await buildServer(join(app, 'dist-server'));
  cpSync(join(REPO_ROOT, 'presets'), join(app, 'presets'), { recursive: true });
  cpSync(join(REPO_ROOT, 'renderer', 'dist'), join(app, 'renderer', 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'docker'), join(app, 'docker'), {
    recursive: true,
    filter: (src) => !src.includes('__pycache__') && !src.includes(`${join('docker', 'tests')}`),
  });
  // The course, as the packaged app ships it: the stack mounts its checker and notebook helper.
  cpSync(join(REPO_ROOT, 'exercises'), join(app, 'exercises'), {
    recursive: true,
    filter: (src) => !src.includes('__pycache__') && !src.includes(join('exercises', 'solutions')),
  });
  chmodSync(app, 0o755);
  return app;
}

/** A data folder owned by the user that runs the app. */
export function userDataDir(asUser: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'spark-exp-engine-data-'));
  chmodSync(dir, 0o755);
  if (asUser) spawnSync('chown', [`${TEST_USER.uid}:${TEST_USER.gid}`, dir]);
  return dir;
}

/** Starts the bundled CLI, as the ordinary test user when this process is root. */
export function bundledCli(app: string, asUser: boolean): (args: string[]) => ChildProcess {
  return (args) => {
    const command = [process.execPath, join(app, 'dist-server', 'cli.mjs'), ...args];
    const home = join(tmpdir(), `spark-exp-home-${TEST_USER.uid}`);
    mkdirSync(home, { recursive: true });
    if (asUser) spawnSync('chown', [`${TEST_USER.uid}:${TEST_USER.gid}`, home]);
    const [file, ...rest] = asUser
      ? [
          'setpriv',
          `--reuid=${TEST_USER.uid}`,
          `--regid=${TEST_USER.gid}`,
          '--init-groups',
          ...command,
        ]
      : command;
    return spawn(file as string, rest, {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: asUser ? home : process.env.HOME,
        SPARK_IMAGE,
        SPARK_BASE_IMAGE,
        GENERATOR_IMAGE,
        NOTEBOOK_IMAGE,
      },
    });
  };
}

/** Every file and folder under `dir` with its owner, for ownership checks. */
export function owners(dir: string): Array<{ path: string; uid: number }> {
  const out: Array<{ path: string; uid: number }> = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full);
      out.push({ path: full, uid: stat.uid });
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** Runs lake_counts.py (local pyspark) over a data folder. */
export function lakeCounts(data: string): Record<string, number | boolean | string[]> {
  const result = spawnSync('python3', [join(import.meta.dirname, 'lake_counts.py'), data], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) throw new Error(`lake_counts.py failed:\n${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last);
}
