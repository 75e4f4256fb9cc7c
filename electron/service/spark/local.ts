// A Spark standalone cluster without Docker: master and worker as local processes from a
// Spark distribution (SPARK_HOME, or the one inside an installed pyspark), on 127.0.0.1 and
// the same (configured) ports as the compose stack.
import { existsSync } from 'node:fs';
import { LOCAL_WORKER_UI_PORT } from '../../../shared/spark.ts';
import { DEFAULT_SPARK_PORTS, type SparkPorts } from '../../../shared/spark-ports.ts';
import { startDaemon } from '../platform/processes.ts';
import { candidateLabel, describePython } from '../python/discovery.ts';
import { pythonWithPyspark } from '../python/host-python.ts';
import { PYSPARK_VERSION } from '../python/pins.ts';
import { sparkClassFile, sparkScript } from './spark-scripts.ts';

/** A Spark distribution found here: its folder, where it came from, the Python with it. */
export interface SparkHomeFound {
  home: string;
  source: string;
  /** The interpreter whose pyspark it is (jobs run their Python there), if found that way. */
  python?: string;
}

/**
 * A Spark distribution with bin/spark-class (SPARK_HOME, or the pyspark of the Python that
 * discovery finds), or why there is none. Runs Python: call it only when Spark is started.
 */
export async function findSparkHome(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<SparkHomeFound | { error: string }> {
  const fromEnv = env.SPARK_HOME;
  if (fromEnv && existsSync(sparkClassFile(fromEnv, platform)))
    return { home: fromEnv, source: 'SPARK_HOME' };
  const advice = `No Spark distribution found: set SPARK_HOME, or run npm run setup:python for the app's own pyspark ${PYSPARK_VERSION} (Java 17 is needed too)`;
  try {
    const found = await pythonWithPyspark(env, platform);
    const home = found.pysparkHome;
    if (home && existsSync(sparkClassFile(home, platform)))
      return { home, source: `pyspark (${candidateLabel(found)})`, python: found.executable };
    return { error: `${advice}. ${describePython(found)}, but its pyspark has no bin/spark-class` };
  } catch (err) {
    return { error: `${advice}. ${(err as Error).message}` };
  }
}

export interface LocalCluster {
  stop(): Promise<void>;
  pids(): number[];
}

export function startLocalCluster(
  sparkHome: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string, source: string) => void,
  ports: SparkPorts = DEFAULT_SPARK_PORTS,
  platform: NodeJS.Platform = process.platform,
): LocalCluster {
  const daemonEnv = {
    ...env,
    SPARK_HOME: sparkHome,
    SPARK_NO_DAEMONIZE: 'true',
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_MASTER_HOST: '127.0.0.1',
  };
  const daemon = (args: string[], source: string) => {
    const script = sparkScript(sparkHome, 'spark-class', args, platform, env);
    return startDaemon(script.command, script.args, {
      env: daemonEnv,
      windowsVerbatimArguments: script.windowsVerbatimArguments,
      onLine: (line) => onLine(line, source),
    });
  };
  const master = daemon(
    [
      'org.apache.spark.deploy.master.Master',
      '--host',
      '127.0.0.1',
      '--port',
      String(ports.master),
      '--webui-port',
      String(ports.masterUi),
    ],
    'spark-master',
  );
  const worker = daemon(
    [
      'org.apache.spark.deploy.worker.Worker',
      `spark://127.0.0.1:${ports.master}`,
      '--host',
      '127.0.0.1',
      '--webui-port',
      String(LOCAL_WORKER_UI_PORT),
      '--cores',
      '2',
      '--memory',
      '2g',
    ],
    'spark-worker',
  );
  return {
    async stop() {
      await worker.stop();
      await master.stop();
    },
    pids: () => [master.child.pid, worker.child.pid].filter((p): p is number => p !== undefined),
  };
}

/** The master's own view (its /json endpoint), summarized. */
export interface MasterStatus {
  url: string;
  status: string;
  alive_workers: number;
  cores: number;
  cores_used: number;
  memory_mb: number;
  memory_used_mb: number;
  running_applications: Array<{ id: string; name: string; state: string; cores: number }>;
  completed_applications: number;
}

export async function masterStatus(
  uiUrl = `http://127.0.0.1:${DEFAULT_SPARK_PORTS.masterUi}`,
): Promise<MasterStatus | undefined> {
  try {
    const response = await fetch(`${uiUrl}/json/`, {
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) return undefined;
    const json = (await response.json()) as Record<string, unknown> & {
      workers?: Array<{ state: string }>;
      activeapps?: Array<{ id: string; name: string; state: string; cores: number }>;
      completedapps?: unknown[];
    };
    return {
      url: String(json.url ?? ''),
      status: String(json.status ?? ''),
      alive_workers: Number(
        json.aliveworkers ?? (json.workers ?? []).filter((w) => w.state === 'ALIVE').length,
      ),
      cores: Number(json.cores ?? 0),
      cores_used: Number(json.coresused ?? 0),
      memory_mb: Number(json.memory ?? 0),
      memory_used_mb: Number(json.memoryused ?? 0),
      running_applications: (json.activeapps ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        state: a.state,
        cores: a.cores,
      })),
      completed_applications: (json.completedapps ?? []).length,
    };
  } catch {
    return undefined;
  }
}
