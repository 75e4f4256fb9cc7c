// A master and a worker as this app's child processes, from a Spark distribution on this
// machine; jobs through its spark-submit.
import { join } from 'node:path';
import { DELTA_PACKAGE, type SparkJobName } from '../../../shared/spark.ts';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { jobTimeoutMs, run } from '../platform/processes.ts';
import type { ClusterBackend } from './backend.ts';
import { type LocalCluster, masterStatus, startLocalCluster } from './local.ts';
import { sparkScript } from './spark-scripts.ts';

export class LocalBackend implements ClusterBackend {
  readonly name = 'local' as const;
  private cluster: LocalCluster | undefined;

  constructor(
    private readonly options: {
      sparkHome: string;
      /** The Python whose pyspark this is: the jobs' driver and workers run it. */
      python?: string | undefined;
      platform?: NodeJS.Platform | undefined;
      dockerDir: string;
      dataDir: string;
      env: NodeJS.ProcessEnv;
      onLine: (line: string, source: string) => void;
      startTimeoutMs: number;
      ports: SparkPorts;
    },
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    const { sparkHome, env, onLine, ports, platform } = this.options;
    this.cluster = startLocalCluster(sparkHome, env, onLine, ports, platform);
    const until = Date.now() + this.options.startTimeoutMs;
    while (Date.now() < until && !signal.aborted) {
      const status = await masterStatus(`http://127.0.0.1:${ports.masterUi}`);
      if (status && status.alive_workers >= 1) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (signal.aborted) return;
    await this.stop();
    throw new Error('the local master and worker did not come up in time; see /api/spark/logs');
  }

  async stop(): Promise<void> {
    await this.cluster?.stop();
    this.cluster = undefined;
  }

  async services() {
    return [];
  }

  async runJob(
    job: SparkJobName,
    args: string[],
    onLine: (line: string) => void,
    signal?: AbortSignal,
  ) {
    const { sparkHome, env, ports, python } = this.options;
    // The pipeline's Delta jars (and its Python module, inside the jar) from Maven Central,
    // once, into the ivy cache; the stack's image has them baked in instead.
    const delta = job === 'pipeline' ? ['--packages', DELTA_PACKAGE] : [];
    const submit = sparkScript(
      sparkHome,
      'spark-submit',
      [
        '--master',
        `spark://127.0.0.1:${ports.master}`,
        '--conf',
        `spark.ui.port=${ports.appUi}`,
        '--conf',
        'spark.driver.host=127.0.0.1',
        ...delta,
        join(this.options.dockerDir, 'spark', 'jobs', `${job}.py`),
        '--data',
        this.options.dataDir,
        ...args,
      ],
      this.options.platform ?? process.platform,
      env,
    );
    const result = await run(submit.command, submit.args, {
      windowsVerbatimArguments: submit.windowsVerbatimArguments,
      env: {
        ...env,
        SPARK_HOME: sparkHome,
        SPARK_LOCAL_IP: '127.0.0.1',
        // Otherwise Spark runs `python3` (`python` on Windows), which may lack pyspark.
        ...(python ? { PYSPARK_PYTHON: python, PYSPARK_DRIVER_PYTHON: python } : {}),
        ...(delta.length ? { SPARK_EXPERIMENTS_DELTA_JARS_BAKED: '1' } : {}),
      },
      timeoutMs: jobTimeoutMs(job),
      onLine,
      signal,
    });
    return result.code;
  }
}
