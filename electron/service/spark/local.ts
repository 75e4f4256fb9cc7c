// A Spark standalone cluster without Docker: master and worker as local processes from a
// Spark distribution (SPARK_HOME, or the one inside an installed pyspark), on 127.0.0.1 and
// the same (configured) ports as the compose stack.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SPARK_PORTS } from '../../../shared/spark.ts';
import { DEFAULT_SPARK_PORTS, type SparkPorts } from '../../../shared/spark-ports.ts';
import { run, startDaemon } from '../platform/processes.ts';

export const MASTER_PORT = SPARK_PORTS.master;
export const MASTER_UI_PORT = SPARK_PORTS.masterUi;
export const WORKER_UI_PORT = SPARK_PORTS.workerUi;
export const APP_UI_PORT = SPARK_PORTS.applicationUi;

/** A Spark distribution with bin/spark-class, or why there is none. */
export async function findSparkHome(
  env: NodeJS.ProcessEnv,
): Promise<{ home: string; source: string } | { error: string }> {
  const fromEnv = env.SPARK_HOME;
  if (fromEnv && existsSync(join(fromEnv, 'bin', 'spark-class')))
    return { home: fromEnv, source: 'SPARK_HOME' };
  for (const python of ['python3', 'python']) {
    const probe = await run(
      python,
      ['-c', 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'],
      { env, timeoutMs: 20_000 },
    );
    const home = probe.stdout.trim();
    if (probe.code === 0 && home && existsSync(join(home, 'bin', 'spark-class')))
      return { home, source: `pyspark (${python})` };
  }
  return {
    error:
      'No Spark distribution found: set SPARK_HOME, or pip install pyspark==3.5.8 (Java 17 is needed too).',
  };
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
): LocalCluster {
  const sparkClass = join(sparkHome, 'bin', 'spark-class');
  const daemonEnv = {
    ...env,
    SPARK_HOME: sparkHome,
    SPARK_NO_DAEMONIZE: 'true',
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_MASTER_HOST: '127.0.0.1',
  };
  const master = startDaemon(
    sparkClass,
    [
      'org.apache.spark.deploy.master.Master',
      '--host',
      '127.0.0.1',
      '--port',
      String(ports.master),
      '--webui-port',
      String(ports.masterUi),
    ],
    { env: daemonEnv, onLine: (line) => onLine(line, 'spark-master') },
  );
  const worker = startDaemon(
    sparkClass,
    [
      'org.apache.spark.deploy.worker.Worker',
      `spark://127.0.0.1:${ports.master}`,
      '--host',
      '127.0.0.1',
      '--webui-port',
      String(WORKER_UI_PORT),
      '--cores',
      '2',
      '--memory',
      '2g',
    ],
    { env: daemonEnv, onLine: (line) => onLine(line, 'spark-worker') },
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
