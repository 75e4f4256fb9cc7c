// Checks where Spark runs: with the Docker backend the checker runs in the stack's notebook
// container (`docker compose exec notebook`), so "Check my answer" and `npm run check` need no
// Python or Java on this machine. The container sees the data folder at /data, so the table
// and the answer key must be inside it; a check that is ended (the app quits, a timeout) is
// ended in the container too, since ending `compose exec` leaves its process running there.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type CheckerCall, checkerArgs } from '../../../shared/checker-call.ts';
import { ServiceError } from '../kernel/errors.ts';
import { run } from '../platform/processes.ts';
import {
  composeExecArgs,
  type DockerOptions,
  type ProjectContainer,
  projectContainer,
  sameFolder,
} from './docker.ts';
import { prepareStack } from './stack.ts';

/** Where the notebook image mounts the checker (read-only). */
export const CHECKER_IN_STACK = '/opt/spark-experiments/exercises/checker/check.py';
export const NOTEBOOK_SERVICE = 'notebook';
const CHECK_TIMEOUT_MS = 10 * 60_000;

/** What the checker is asked, with this machine's paths (translated to the container's). */
export type StackCheckCommand = CheckerCall;

export interface StackCheckOptions {
  dockerDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** `hostPath` as the stack's containers see it (/data/...), or a 409 when it is elsewhere. */
export function containerPath(dataDir: string, hostPath: string, what: string): string {
  const rel = relative(realpathNearest(dataDir), realpathNearest(hostPath));
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new ServiceError(
      409,
      'outside_data_folder',
      `the ${what} ${hostPath} is outside the data folder ${dataDir}, which is all the stack sees (as /data): write it inside that folder`,
    );
  return rel === '' ? '/data' : `/data/${rel.split(sep).join('/')}`;
}

/** The real path of `path`, through its nearest existing folder (a table not written yet). */
function realpathNearest(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(realpathNearest(parent), basename(full));
  }
}

/** The compose options of the stack of `dataDir` (the same copy DockerBackend runs). */
export function stackCompose(options: StackCheckOptions): DockerOptions {
  return {
    composeFile: join(prepareStack(options.dockerDir, options.dataDir), 'docker-compose.yml'),
    env: { ...options.env, SPARK_EXPERIMENTS_DATA: options.dataDir },
  };
}

/**
 * Runs python3 as the container's user with a name: the app's uid has no passwd entry there,
 * Hadoop's login (in the checker's Spark session) refuses a nameless user, and the Spark
 * image's entrypoint names it only for Spark's own commands. As the notebook's start does
 * (nss_wrapper), then from /tmp, which that user may write.
 */
export const AS_NAMED_USER = [
  'if ! getent passwd "$(id -u)" >/dev/null 2>&1; then',
  'for w in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do',
  'if [ -s "$w" ]; then',
  'export LD_PRELOAD="$w" NSS_WRAPPER_PASSWD="$(mktemp)" NSS_WRAPPER_GROUP="$(mktemp)";',
  'echo "spark:x:$(id -u):$(id -g):anonymous uid:/opt/spark:/bin/false" >"$NSS_WRAPPER_PASSWD";',
  'echo "spark:x:$(id -g):" >"$NSS_WRAPPER_GROUP"; break;',
  'fi; done; fi;',
  'cd /tmp && exec python3 "$@"',
].join(' ');

/** The `docker` arguments that run the checker in the notebook container. */
export function stackCheckArgs(compose: DockerOptions, command: StackCheckCommand): string[] {
  return composeExecArgs(
    compose,
    ['bash', '-c', AS_NAMED_USER, 'check', CHECKER_IN_STACK, ...checkerArgs(command)],
    NOTEBOOK_SERVICE,
  );
}

/** The running notebook container of the project, if any. */
export function notebookContainer(env: NodeJS.ProcessEnv): Promise<ProjectContainer | undefined> {
  return projectContainer(NOTEBOOK_SERVICE, env);
}

const START_FIRST =
  'Start Spark first (Start Spark in the app, or cd docker && docker compose up -d), or install Python 3 with pyspark 3.5.8 and Java 17 to check on this machine';

/** The checker in the notebook container of the stack serving `options.dataDir`. */
export function stackCheckRunner(options: StackCheckOptions) {
  return {
    where: "in the Spark stack's notebook container (docker compose exec notebook)",
    async run(command: StackCheckCommand, signal: AbortSignal) {
      const found = await notebookContainer(options.env);
      if (!found?.running)
        throw new ServiceError(
          409,
          'notebook_not_running',
          `the notebook service of the Spark stack is not running: ${START_FIRST}`,
        );
      if (!sameFolder(found.data, options.dataDir))
        throw new ServiceError(
          409,
          'stack_serves_other_folder',
          `the running Spark stack serves another data folder (${found.data}), not ${options.dataDir}: stop it and start Spark from this data folder`,
        );
      if (found.health !== '' && found.health !== 'healthy')
        throw new ServiceError(
          409,
          'notebook_unhealthy',
          `the notebook service is ${found.health}: wait until it is healthy (the Spark panel shows it), or restart Spark`,
        );
      const inContainer = {
        ...command,
        table: containerPath(options.dataDir, command.table, 'table'),
        answers: containerPath(options.dataDir, command.answers, 'answer key'),
      };
      const compose = stackCompose(options);
      const result = await run('docker', stackCheckArgs(compose, inContainer), {
        env: compose.env,
        timeoutMs: options.timeoutMs ?? CHECK_TIMEOUT_MS,
        signal,
      });
      if (result.timedOut || signal.aborted) await endInContainer(compose, command.exercise);
      return result;
    },
  };
}

/** Ends the checker of `exercise` in the container (its exec client is gone already). */
async function endInContainer(compose: DockerOptions, exercise: string): Promise<void> {
  await run(
    'docker',
    composeExecArgs(
      compose,
      ['pkill', '-TERM', '-f', `${CHECKER_IN_STACK} --exercise ${exercise}`],
      NOTEBOOK_SERVICE,
    ),
    { env: compose.env, timeoutMs: 30_000 },
  );
}
