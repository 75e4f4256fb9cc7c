// Which backend a start uses: Docker when it is ready (or asked for), else a Spark
// distribution on this machine; either way Spark's ports must be free. A start that cannot go
// ahead is refused here, with a coded error, before the controller changes any state.
import {
  DEFAULT_SPARK_PORTS,
  type SparkPortName,
  type SparkPorts,
} from '../../../shared/spark-ports.ts';
import { ServiceError } from '../kernel/errors.ts';
import { portInUse } from '../platform/processes.ts';
import type { ClusterBackend } from './backend.ts';
import { type DockerReadiness, dockerReadiness } from './docker.ts';
import { DockerBackend } from './docker-backend.ts';
import { findSparkHome } from './local.ts';
import { LocalBackend } from './local-backend.ts';
import { foreignPort } from './ports.ts';
import { type StackSize, stackSizeForEngine } from './stack-size.ts';

/** The ports a cluster of either backend listens on, on 127.0.0.1; the stack adds its notebook. */
export const CLUSTER_PORT_NAMES: readonly SparkPortName[] = ['masterUi', 'master', 'appUi'];
const STACK_PORT_NAMES: readonly SparkPortName[] = [...CLUSTER_PORT_NAMES, 'notebook'];

/** The backends the app starts itself (attached is started by compose). */
export type StartableBackend = 'docker' | 'local';

/** The first of `ports` another program holds, if any. */
export type PortCheck = (ports: readonly number[]) => Promise<number | undefined>;

/** The local backend comes with the Spark distribution it runs from, the stack with its size. */
export type BackendChoice =
  | { name: 'docker'; size?: StackSize }
  | { name: 'local'; sparkHome: string };

/** What could run here: Docker's readiness and whether a local Spark exists. */
export interface BackendsHere {
  docker: DockerReadiness;
  local: { available: boolean; detail: string };
}

export async function backendsHere(env: NodeJS.ProcessEnv): Promise<BackendsHere> {
  const [docker, local] = await Promise.all([dockerReadiness(env), findSparkHome(env)]);
  return {
    docker,
    local:
      'home' in local
        ? { available: true, detail: `${local.home} (${local.source})` }
        : { available: false, detail: local.error },
  };
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
  const refused = await foreignPort(
    ports,
    name === 'docker' ? STACK_PORT_NAMES : CLUSTER_PORT_NAMES,
    env,
    portTaken,
  );
  if (refused) throw refused;
  if (name === 'docker') return { name, size: await stackSizeForEngine(env) };
  const found = await findSparkHome(env);
  if ('error' in found) {
    const why = docker && 'message' in docker ? `${docker.message} ` : '';
    throw new ServiceError(409, 'no_spark_backend', `${why}${found.error}`);
  }
  return { name, sparkHome: found.home };
}

export interface BackendParts {
  dockerDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
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
    dockerDir,
    dataDir,
    env,
    onLine,
    startTimeoutMs: parts.startTimeoutMs,
    ports,
  });
}
