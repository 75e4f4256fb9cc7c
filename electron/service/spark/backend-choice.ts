// Which backend a start uses: Docker when it is ready (or asked for), else a Spark
// distribution on this machine; either way Spark's ports must be free. A start that cannot go
// ahead is refused here, with a coded error, before the controller changes any state.
import { existsSync } from 'node:fs';
import {
  DEFAULT_SPARK_PORTS,
  type SparkPortName,
  type SparkPorts,
} from '../../../shared/spark-ports.ts';
import { ServiceError } from '../kernel/errors.ts';
import { portInUse } from '../platform/processes.ts';
import { requireJava } from '../python/java.ts';
import { currentManagedEnv } from '../python/locations.ts';
import type { ClusterBackend } from './backend.ts';
import { type DockerReadiness, dockerReadiness } from './docker.ts';
import { DockerBackend } from './docker-backend.ts';
import { findSparkHome } from './local.ts';
import { LocalBackend } from './local-backend.ts';
import { foreignPort } from './ports.ts';
import { sparkClassFile, windowsLocalProblem } from './spark-scripts.ts';
import { type StackSize, stackSizeForEngine } from './stack-size.ts';

/** The ports a cluster of either backend listens on, on 127.0.0.1; the stack adds its notebook. */
export const CLUSTER_PORT_NAMES: readonly SparkPortName[] = ['masterUi', 'master', 'appUi'];
const STACK_PORT_NAMES: readonly SparkPortName[] = [...CLUSTER_PORT_NAMES, 'notebook'];

/** The backends the app starts itself (attached is started by compose). */
export type StartableBackend = 'docker' | 'local';

/** The first of `ports` another program holds, if any. */
export type PortCheck = (ports: readonly number[]) => Promise<number | undefined>;

/**
 * The local backend comes with the Spark distribution it runs from (and its Python), the
 * stack with its size.
 */
export type BackendChoice =
  | { name: 'docker'; size?: StackSize }
  | { name: 'local'; sparkHome: string; python?: string | undefined; source?: string };

/** Whether a local Spark can run; `checked` false: not looked for yet (that runs Python). */
export interface LocalHere {
  available: boolean;
  detail: string;
  checked: boolean;
}

/** What could run here: Docker's readiness and whether a local Spark exists. */
export interface BackendsHere {
  docker: DockerReadiness;
  local: LocalHere;
}

/**
 * The local backend as far as files tell, without running Python: the dashboard asks on
 * every connect, and on a Mac without developer tools /usr/bin/python3 pops an install
 * dialog. `seen` is what the last start found, when there was one.
 */
export function localHere(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  seen?: LocalHere,
): LocalHere {
  const windows = windowsLocalProblem(env, platform);
  if (windows) return { available: false, detail: windows, checked: true };
  const home = env.SPARK_HOME;
  if (home && existsSync(sparkClassFile(home, platform)))
    return { available: true, detail: `${home} (SPARK_HOME)`, checked: true };
  const managed = currentManagedEnv(env, platform)?.env.pyspark_home;
  if (managed && existsSync(sparkClassFile(managed, platform)))
    return { available: true, detail: `${managed} (the app's Python)`, checked: true };
  return (
    seen ?? {
      available: false,
      checked: false,
      detail:
        "not looked for yet: without Docker, Start Spark looks for pyspark (the app's Python from npm run setup:python, then python3 or python) and Java 17",
    }
  );
}

/** What a start's choice, or its refusal, tells of a local Spark (undefined: nothing). */
export function localSeenFrom(outcome: unknown): LocalHere | undefined {
  if (outcome instanceof ServiceError)
    return outcome.code === 'no_spark_backend'
      ? { available: false, detail: outcome.message, checked: true }
      : undefined;
  const choice = outcome as BackendChoice;
  return choice.name === 'local'
    ? {
        available: true,
        detail: `${choice.sparkHome} (${choice.source ?? 'found'})`,
        checked: true,
      }
    : undefined;
}

export async function backendsHere(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  seen?: LocalHere,
): Promise<BackendsHere> {
  return { docker: await dockerReadiness(env), local: localHere(env, platform, seen) };
}

/**
 * The backend a start should use, or a 409 saying why none can: Docker asked for but not ready
 * (`docker_<state>`), a port another program holds (`port_in_use`), an engine with too little
 * memory (`engine_memory_low`), or no Docker and no Spark (`no_spark_backend`).
 */
export async function chooseBackend(
  preferred: StartableBackend | undefined,
  env: NodeJS.ProcessEnv,
  portTaken: PortCheck = portInUse,
  ports: SparkPorts = DEFAULT_SPARK_PORTS,
  platform: NodeJS.Platform = process.platform,
): Promise<BackendChoice> {
  const docker = preferred === 'local' ? undefined : await dockerReadiness(env);
  if (preferred === 'docker' && docker?.state !== 'ready') {
    throw new ServiceError(
      409,
      `docker_${docker?.state ?? 'unavailable'}`,
      docker && 'message' in docker ? docker.message : 'Docker is not available',
    );
  }
  const name = docker?.state === 'ready' ? 'docker' : 'local';
  const why = docker && 'message' in docker ? `${docker.message} ` : '';
  const windows = name === 'local' ? windowsLocalProblem(env, platform) : undefined;
  if (windows) throw new ServiceError(409, 'local_needs_docker', `${why}${windows}`);
  const refused = await foreignPort(
    ports,
    name === 'docker' ? STACK_PORT_NAMES : CLUSTER_PORT_NAMES,
    env,
    portTaken,
  );
  if (refused) throw refused;
  if (name === 'docker') return { name, size: await stackSizeForEngine(env) };
  const found = await findSparkHome(env, platform);
  if ('error' in found) throw new ServiceError(409, 'no_spark_backend', `${why}${found.error}`);
  // Without Java 17 the master never starts: say so now, not after the start's timeout.
  await requireJava(env, platform);
  return { name, sparkHome: found.home, python: found.python, source: found.source };
}

export interface BackendParts {
  dockerDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform | undefined;
  /** A line of the cluster's output and where it came from (docker, spark-master, …). */
  onLine: (line: string, source: string) => void;
  /** How long the local backend waits for one alive worker. */
  startTimeoutMs: number;
  ports: SparkPorts;
}

export function buildBackend(choice: BackendChoice, parts: BackendParts): ClusterBackend {
  const { dockerDir, dataDir, env, onLine, ports } = parts;
  if (choice.name === 'docker') {
    return new DockerBackend({
      dockerDir,
      dataDir,
      env,
      ports,
      size: choice.size,
      onLine: (line) => onLine(line, 'docker'),
    });
  }
  return new LocalBackend({
    sparkHome: choice.sparkHome,
    python: choice.python,
    platform: parts.platform,
    dockerDir,
    dataDir,
    env,
    onLine,
    startTimeoutMs: parts.startTimeoutMs,
    ports,
  });
}
