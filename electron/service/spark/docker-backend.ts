// The compose stack as a backend: `up --wait` from the stack copy beside the data, containers
// run as the app's user, jobs through `compose exec` on the master.
import { join } from 'node:path';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { jobTimeoutMs, run } from '../platform/processes.ts';
import type { ClusterBackend, ClusterCheck, RunningPipeline } from './backend.ts';
import {
  composeDown,
  composeExecArgs,
  composeServices,
  composeUp,
  type DockerOptions,
  engineRunning,
} from './docker.ts';
import { composePortEnv } from './ports.ts';
import { pipelineHolder } from './spark-jobs.ts';
import { prepareStack } from './stack.ts';
import { type StackSize, sizeEnv } from './stack-size.ts';

const CLUSTER_SERVICES = ['spark-master', 'spark-worker'];

export class DockerBackend implements ClusterBackend {
  readonly name = 'docker' as const;
  private stackDir: string | undefined;

  constructor(
    private readonly options: {
      dockerDir: string;
      dataDir: string;
      env: NodeJS.ProcessEnv;
      /** The ports to publish (the compose file's SPARK_EXPERIMENTS_*_PORT). */
      ports?: SparkPorts;
      /** The memory sizing (the compose file's limits); a stack taken over keeps its own. */
      size?: StackSize | undefined;
      onLine: (line: string) => void;
      /** How often an adopted pipeline is checked for having ended. */
      pipelinePollMs?: number;
    },
  ) {}

  /** The copy of the stack that runs (made on first use). */
  get stack(): string {
    this.stackDir ??= prepareStack(this.options.dockerDir, this.options.dataDir);
    return this.stackDir;
  }

  private compose(): DockerOptions {
    // On Linux the containers run as the app's user, so Spark can write lake/ and the app can
    // delete what Spark wrote (Docker Desktop maps ownership by itself; Windows has no uid).
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    return {
      composeFile: join(this.stack, 'docker-compose.yml'),
      // The user's own environment wins over the ports and size chosen here.
      env: {
        ...(uid !== undefined && gid !== undefined
          ? { SPARK_EXPERIMENTS_UID: String(uid), SPARK_EXPERIMENTS_GID: String(gid) }
          : {}),
        ...(this.options.size ? sizeEnv(this.options.size) : {}),
        ...this.options.env,
        ...(this.options.ports ? composePortEnv(this.options.ports) : {}),
        SPARK_EXPERIMENTS_DATA: this.options.dataDir,
      },
      onLine: this.options.onLine,
    };
  }

  async start(signal: AbortSignal): Promise<void> {
    const result = await composeUp(this.compose(), signal);
    if (result.code === 0 || signal.aborted) return;
    const reason = result.timedOut
      ? 'timed out waiting for the services to be healthy'
      : (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    throw new Error(`docker compose up failed: ${reason}`);
  }

  async stop(): Promise<void> {
    const result = await composeDown(this.compose());
    if (result.code !== 0) {
      const reason = (result.stderr || result.stdout).trim().split('\n').pop();
      throw new Error(`docker compose down failed: ${reason}`);
    }
  }

  services() {
    return composeServices(this.compose());
  }

  async check(): Promise<ClusterCheck> {
    const engine = await engineRunning(this.options.env);
    if (!engine.running) return { kind: 'engine_down', reason: engine.reason };
    const services = (await this.services()).filter((s) => CLUSTER_SERVICES.includes(s.service));
    if (services.length === 0) return { kind: 'gone' };
    const stopped = services.filter((s) => s.state === 'exited' || s.state === 'dead');
    if (stopped.length > 0)
      return { kind: 'exited', detail: stopped.map((s) => `${s.service} ${s.state}`).join(', ') };
    const healthy =
      services.length === CLUSTER_SERVICES.length &&
      services.every((s) => s.state === 'running' && (s.health === '' || s.health === 'healthy'));
    return healthy
      ? { kind: 'healthy' }
      : {
          kind: 'waiting',
          detail: services.map((s) => `${s.service} ${s.health || s.state}`).join(', '),
        };
  }

  /** Whether a pipeline runs in the master container (jobs run there through compose exec). */
  private async pipelineRuns(): Promise<boolean> {
    const compose = this.compose();
    const result = await run(
      'docker',
      composeExecArgs(compose, ['pgrep', '-f', '/opt/spark-experiments/jobs/pipeline.py']),
      { env: compose.env, timeoutMs: 15_000 },
    );
    return result.code === 0;
  }

  async findRunningPipeline(): Promise<RunningPipeline | null> {
    if (!(await this.pipelineRuns())) return null;
    const holder = pipelineHolder(this.options.dataDir);
    const pollMs = this.options.pipelinePollMs ?? 5000;
    return {
      runId: typeof holder.run_id === 'string' ? holder.run_id : null,
      startedAt: typeof holder.started_at === 'string' ? holder.started_at : null,
      ended: async (signal) => {
        while (!signal.aborted && (await this.pipelineRuns())) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
      },
    };
  }

  async runJob(job: string, args: string[], onLine: (line: string) => void, signal?: AbortSignal) {
    const compose = this.compose();
    // Ending `docker compose exec` leaves its process running in the container: end that too.
    const endInContainer = () =>
      void run(
        'docker',
        composeExecArgs(compose, ['pkill', '-TERM', '-f', `/opt/spark-experiments/jobs/${job}.py`]),
        { env: compose.env, timeoutMs: 30_000 },
      );
    signal?.addEventListener('abort', endInContainer, { once: true });
    // Through the image's entrypoint, which gives a uid without a passwd entry (the app's
    // user) a name: Hadoop's login refuses a nameless user.
    const command = composeExecArgs(compose, [
      '/opt/entrypoint.sh',
      '/opt/spark/bin/spark-submit',
      '--master',
      'spark://spark-master:7077',
      `/opt/spark-experiments/jobs/${job}.py`,
      '--data',
      '/data',
      ...args,
    ]);
    const result = await run('docker', command, {
      env: compose.env,
      timeoutMs: jobTimeoutMs(job),
      onLine,
      signal,
    });
    signal?.removeEventListener('abort', endInContainer);
    return result.code;
  }
}
