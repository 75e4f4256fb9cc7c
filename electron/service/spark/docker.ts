// Driving the compose stack through the Docker CLI (after Rancher Desktop): `-p` and `-f`
// always passed, a timeout on every call, and the CLI's own messages kept for the user.
import { realpathSync } from 'node:fs';
import { run } from '../platform/processes.ts';

export type DockerReadiness =
  | { state: 'ready'; version: string }
  | { state: 'cli_missing' | 'engine_down' | 'compose_missing'; message: string };

export const PROJECT = 'spark-experiments';

export interface DockerOptions {
  composeFile: string;
  env: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
}

/** Tells apart "no Docker CLI", "engine not running", "no compose plugin" and "ready". */
export async function dockerReadiness(env: NodeJS.ProcessEnv): Promise<DockerReadiness> {
  const version = await run('docker', ['version', '--format', '{{.Client.Version}}'], {
    env,
    timeoutMs: 10_000,
  });
  if (version.notFound) {
    return {
      state: 'cli_missing',
      message:
        'Docker is not installed (no docker command on PATH). Install Docker Desktop or Docker Engine, or use the local Spark backend.',
    };
  }
  const engine = await engineRunning(env);
  if (!engine.running) {
    return {
      state: 'engine_down',
      message: `The Docker engine is not running: start Docker Desktop (or the docker service). Docker said: ${engine.reason}`,
    };
  }
  const compose = await run('docker', ['compose', 'version', '--short'], {
    env,
    timeoutMs: 10_000,
  });
  if (compose.code !== 0) {
    const reason = (compose.stderr || compose.stdout).trim().split('\n')[0] ?? '';
    return {
      state: 'compose_missing',
      message: `The Docker Compose plugin is missing: install docker-compose-plugin. Docker said: ${reason}`,
    };
  }
  return { state: 'ready', version: compose.stdout.trim() };
}

/** Whether the engine answers (`docker info`), with Docker's own words when it does not. */
export async function engineRunning(
  env: NodeJS.ProcessEnv,
): Promise<{ running: true } | { running: false; reason: string }> {
  const info = await run('docker', ['info', '--format', '{{.ServerVersion}}'], {
    env,
    timeoutMs: 15_000,
  });
  if (info.code === 0 && !info.timedOut) return { running: true };
  const reason = info.timedOut
    ? 'no answer within 15 s'
    : ((info.stderr || info.stdout)
        .trim()
        .split('\n')
        .find((l) => l.trim()) ?? '');
  return { running: false, reason };
}

export interface ProjectContainer {
  running: boolean;
  /** healthy | starting | unhealthy, or '' without a health check. */
  health: string;
  /** The host folder mounted at /data. */
  data: string;
}

/** This project's running container of `service`, if any: its state and its /data. */
export async function projectContainer(
  service: string,
  env: NodeJS.ProcessEnv,
): Promise<ProjectContainer | undefined> {
  const ps = await run(
    'docker',
    [
      'ps',
      '--filter',
      `label=com.docker.compose.project=${PROJECT}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
      '--format',
      '{{.ID}}',
    ],
    { env, timeoutMs: 15_000 },
  );
  const id = ps.code === 0 ? ps.stdout.trim().split('\n')[0] : undefined;
  if (!id) return undefined;
  const inspect = await run(
    'docker',
    [
      'inspect',
      '--format',
      '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{range .Mounts}}{{if eq .Destination "/data"}}{{.Source}}{{end}}{{end}}',
      id,
    ],
    { env, timeoutMs: 15_000 },
  );
  if (inspect.code !== 0) return undefined;
  const [status = '', health = '', data = ''] = inspect.stdout.trim().split('|');
  return { running: status === 'running', health, data };
}

/** Whether `mounted` (a container's /data) is `dataDir`. */
export function sameFolder(mounted: string, dataDir: string): boolean {
  try {
    return mounted !== '' && realpathSync(mounted) === realpathSync(dataDir);
  } catch {
    return false;
  }
}

/**
 * Whether this project's running Spark master mounts `dataDir` at /data: a
 * stack the app left running (it outlives the app by design) is taken over only when it
 * serves the same data folder.
 */
export async function runningStackServes(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  const master = await projectContainer('spark-master', env);
  return master !== undefined && sameFolder(master.data, dataDir);
}

function composeArgs(options: DockerOptions, ...rest: string[]): string[] {
  return ['compose', '-p', PROJECT, '-f', options.composeFile, ...rest];
}

/** `up --wait`: done when every service reports healthy. */
export async function composeUp(options: DockerOptions, signal?: AbortSignal, timeoutMs = 300_000) {
  return run(
    'docker',
    composeArgs(
      options,
      'up',
      '-d',
      '--wait',
      '--wait-timeout',
      String(Math.floor(timeoutMs / 1000)),
    ),
    {
      env: options.env,
      timeoutMs: timeoutMs + 10_000,
      onLine: options.onLine,
      signal,
    },
  );
}

export async function composeDown(options: DockerOptions, timeoutMs = 120_000) {
  return run('docker', composeArgs(options, 'down'), {
    env: options.env,
    timeoutMs,
    onLine: options.onLine,
  });
}

/** Each service with its state and health, from `compose ps --format json`. */
export async function composeServices(
  options: DockerOptions,
): Promise<Array<{ service: string; state: string; health: string }>> {
  const ps = await run('docker', composeArgs(options, 'ps', '--all', '--format', 'json'), {
    env: options.env,
    timeoutMs: 15_000,
  });
  if (ps.code !== 0) return [];
  const text = ps.stdout.trim();
  const rows: Array<Record<string, string>> = text.startsWith('[')
    ? JSON.parse(text)
    : text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
  return rows.map((r) => ({
    service: r.Service ?? r.Name ?? '?',
    state: r.State ?? '?',
    health: r.Health ?? '',
  }));
}

export function composeExecArgs(
  options: DockerOptions,
  command: string[],
  service = 'spark-master',
): string[] {
  return composeArgs(options, 'exec', '-T', service, ...command);
}
