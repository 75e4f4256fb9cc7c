// Starts, watches and stops a Spark cluster for the generated data, with Docker (the compose
// stack) or without it (a local master and worker), and runs the medallion jobs on it.
// Behind the /api/spark* routes; progress goes to the logs and to the SSE `spark` event.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceError } from '../generator-service.ts';
import type { Logger } from '../logs/logger.ts';
import {
  composeDown,
  composeExecArgs,
  composeServices,
  composeUp,
  type DockerOptions,
  type DockerReadiness,
  dockerReadiness,
} from './docker.ts';
import {
  APP_UI_PORT,
  findSparkHome,
  type LocalCluster,
  MASTER_PORT,
  MASTER_UI_PORT,
  type MasterStatus,
  masterStatus,
  startLocalCluster,
} from './local.ts';
import { portInUse, run } from './processes.ts';

export const DEFAULT_DOCKER_DIR = fileURLToPath(new URL('../../../docker/', import.meta.url));
export const JOBS = ['bronze', 'silver', 'gold'] as const;
export type JobName = (typeof JOBS)[number];
export type SparkBackend = 'docker' | 'local';
export type SparkState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

export interface SparkJob {
  id: number;
  job: JobName;
  backend: SparkBackend;
  state: 'running' | 'succeeded' | 'failed';
  started_at: string;
  finished_at: string | null;
  exit_code: number | null;
  summary: string | null;
}

export interface SparkLogLine {
  ts: string;
  source: string;
  line: string;
}

export interface SparkControllerOptions {
  dataDir: string;
  dockerDir?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for one alive worker (local backend). */
  startTimeoutMs?: number;
}

const PORTS = [MASTER_UI_PORT, MASTER_PORT, APP_UI_PORT] as const;
const LOG_LINES = 1000;

export class SparkController {
  readonly events = new EventEmitter<{ change: [] }>();
  private state: SparkState = 'stopped';
  private backend: SparkBackend | null = null;
  private message = 'Spark is not running. Start it with Start Spark (POST /api/spark/up).';
  private startedAt: number | null = null;
  private readySeconds: number | null = null;
  private local: LocalCluster | undefined;
  private sparkHome: string | undefined;
  private readonly jobs: SparkJob[] = [];
  private readonly lines: SparkLogLine[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly dockerDir: string;
  private nextJob = 1;

  constructor(private readonly options: SparkControllerOptions) {
    this.env = options.env ?? process.env;
    this.dockerDir = options.dockerDir ?? DEFAULT_DOCKER_DIR;
  }

  private dockerOptions(): DockerOptions {
    return {
      composeFile: join(this.dockerDir, 'docker-compose.yml'),
      env: { ...this.env, SPARK_EXPERIMENTS_DATA: this.options.dataDir },
      onLine: (line) => this.record('docker', line),
    };
  }

  private record(source: string, line: string, level: 'DEBUG' | 'INFO' = 'DEBUG'): void {
    this.lines.push({ ts: new Date().toISOString(), source, line });
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
    this.options.log.log(level, line, { source });
  }

  private set(state: SparkState, message: string): void {
    this.state = state;
    this.message = message;
    this.events.emit('change');
  }

  logs(limit: number): SparkLogLine[] {
    return this.lines.slice(-limit).reverse();
  }

  async status(): Promise<Record<string, unknown>> {
    const master =
      this.state === 'running' || this.state === 'starting' ? await masterStatus() : undefined;
    const services =
      this.backend === 'docker' && this.state !== 'stopped'
        ? await composeServices(this.dockerOptions())
        : [];
    return {
      state: this.state,
      backend: this.backend,
      message: this.message,
      master: master ?? null,
      services,
      ui_url: this.state === 'running' ? `http://127.0.0.1:${MASTER_UI_PORT}/` : null,
      started_at: this.startedAt ? new Date(this.startedAt).toISOString() : null,
      ready_seconds: this.readySeconds,
      spark_home: this.sparkHome ?? null,
      jobs: [...this.jobs].reverse(),
    };
  }

  /** What could run here: Docker's readiness and whether a local Spark exists. */
  async backends(): Promise<{
    docker: DockerReadiness;
    local: { available: boolean; detail: string };
  }> {
    const [docker, local] = await Promise.all([dockerReadiness(this.env), findSparkHome(this.env)]);
    return {
      docker,
      local:
        'home' in local
          ? { available: true, detail: `${local.home} (${local.source})` }
          : { available: false, detail: local.error },
    };
  }

  /** Starts the cluster; resolves once starting has begun (watch `status` or the SSE stream). */
  async up(
    preferred?: SparkBackend,
  ): Promise<{ backend: SparkBackend; state: SparkState; message: string }> {
    if (this.state === 'starting' || this.state === 'running' || this.state === 'stopping') {
      throw new ServiceError(
        409,
        `spark_${this.state}`,
        `Spark is already ${this.state} (${this.backend} backend)`,
      );
    }
    let backend: SparkBackend;
    const docker = preferred === 'local' ? undefined : await dockerReadiness(this.env);
    if (docker?.state === 'ready') backend = 'docker';
    else if (preferred === 'docker')
      throw new ServiceError(
        409,
        `docker_${docker?.state ?? 'unavailable'}`,
        docker && 'message' in docker ? docker.message : 'Docker is not available',
      );
    else backend = 'local';
    const taken = await portInUse(PORTS);
    if (taken !== undefined) {
      throw new ServiceError(
        409,
        'port_in_use',
        `port ${taken} is taken by another program; Spark needs ${PORTS.join(', ')} on 127.0.0.1. Stop that program (or another Spark) first`,
      );
    }
    let sparkHome: string | undefined;
    if (backend === 'local') {
      const found = await findSparkHome(this.env);
      if ('error' in found) {
        const why = docker && 'message' in docker ? `${docker.message} ` : '';
        throw new ServiceError(409, 'no_spark_backend', `${why}${found.error}`);
      }
      sparkHome = found.home;
      this.sparkHome = found.home;
    }
    this.backend = backend;
    this.startedAt = Date.now();
    this.readySeconds = null;
    this.set(
      'starting',
      backend === 'docker'
        ? 'Starting the compose stack (docker compose up --wait)…'
        : `Starting a local master and worker from ${sparkHome}…`,
    );
    this.options.log.info('starting Spark', { backend, spark_home: sparkHome ?? null });
    const starting =
      backend === 'docker' ? this.startDocker() : this.startLocal(sparkHome as string);
    starting.catch(() => undefined);
    return { backend, state: this.state, message: this.message };
  }

  private ready(): void {
    this.readySeconds = this.startedAt
      ? Number(((Date.now() - this.startedAt) / 1000).toFixed(1))
      : null;
    this.set(
      'running',
      `Spark is running (${this.backend} backend): master UI on http://127.0.0.1:${MASTER_UI_PORT}/`,
    );
    this.options.log.info('Spark is running', {
      backend: this.backend,
      ready_seconds: this.readySeconds,
    });
  }

  private fail(message: string): void {
    this.set('error', message);
    this.options.log.error('Spark failed', { backend: this.backend, message });
  }

  private async startDocker(): Promise<void> {
    const result = await composeUp(this.dockerOptions());
    if (result.code === 0) return this.ready();
    const reason = result.timedOut
      ? 'timed out waiting for the services to be healthy'
      : (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    this.fail(`docker compose up failed: ${reason}`);
  }

  private async startLocal(sparkHome: string): Promise<void> {
    this.local = startLocalCluster(sparkHome, this.env, (line, source) =>
      this.record(source, line),
    );
    const until = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    while (Date.now() < until && this.state === 'starting') {
      const status = await masterStatus();
      if (status && status.alive_workers >= 1) return this.ready();
      await new Promise((r) => setTimeout(r, 250));
    }
    if (this.state === 'starting') {
      await this.local.stop();
      this.local = undefined;
      this.fail('the local master and worker did not come up in time; see /api/spark/logs');
    }
  }

  async down(): Promise<{ state: SparkState; message: string }> {
    if (this.state === 'stopped') return { state: this.state, message: 'Spark is not running' };
    const backend = this.backend;
    this.set('stopping', 'Stopping Spark…');
    if (backend === 'local') {
      await this.local?.stop();
      this.local = undefined;
    } else if (backend === 'docker') {
      const result = await composeDown(this.dockerOptions());
      if (result.code !== 0) {
        this.fail(
          `docker compose down failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`,
        );
        return { state: this.state, message: this.message };
      }
    }
    this.options.log.info('Spark stopped', { backend });
    this.set('stopped', 'Spark is stopped.');
    return { state: this.state, message: this.message };
  }

  /** Stops and starts again with the same backend (compose: down, then up --wait). */
  async restart(): Promise<{ backend: SparkBackend; state: SparkState; message: string }> {
    const backend = this.backend ?? undefined;
    await this.down();
    return this.up(backend);
  }

  /** Submits a medallion job to the running cluster; its output goes to the logs. */
  async submit(job: JobName): Promise<SparkJob> {
    if (this.state !== 'running' || !this.backend)
      throw new ServiceError(409, 'spark_not_running', 'start Spark first (POST /api/spark/up)');
    const record: SparkJob = {
      id: this.nextJob++,
      job,
      backend: this.backend,
      state: 'running',
      started_at: new Date().toISOString(),
      finished_at: null,
      exit_code: null,
      summary: null,
    };
    this.jobs.push(record);
    if (this.jobs.length > 50) this.jobs.shift();
    const jobArgs = job === 'bronze' ? ['--once', '--max-files-per-trigger', '1'] : [];
    const onLine = (line: string) => {
      const ours = line.startsWith(`${job}:`);
      if (ours) record.summary = line;
      this.record(`job-${job}`, line, ours ? 'INFO' : 'DEBUG');
    };
    const [command, args, env] =
      this.backend === 'local'
        ? [
            join(this.sparkHome as string, 'bin', 'spark-submit'),
            [
              '--master',
              `spark://127.0.0.1:${MASTER_PORT}`,
              '--conf',
              `spark.ui.port=${APP_UI_PORT}`,
              '--conf',
              'spark.driver.host=127.0.0.1',
              join(this.dockerDir, 'spark', 'jobs', `${job}.py`),
              '--data',
              this.options.dataDir,
              ...jobArgs,
            ],
            { ...this.env, SPARK_HOME: this.sparkHome, SPARK_LOCAL_IP: '127.0.0.1' },
          ]
        : [
            'docker',
            composeExecArgs(this.dockerOptions(), [
              '/opt/spark/bin/spark-submit',
              '--master',
              'spark://spark-master:7077',
              `/opt/spark-experiments/jobs/${job}.py`,
              '--data',
              '/data',
              ...jobArgs,
            ]),
            this.dockerOptions().env,
          ];
    this.options.log.info('submitted Spark job', { job, backend: this.backend, id: record.id });
    this.events.emit('change');
    void run(command, args as string[], {
      env: env as NodeJS.ProcessEnv,
      timeoutMs: 60 * 60_000,
      onLine,
    }).then((result) => {
      record.exit_code = result.code;
      record.state = result.code === 0 ? 'succeeded' : 'failed';
      record.finished_at = new Date().toISOString();
      this.options.log.log(
        result.code === 0 ? 'INFO' : 'ERROR',
        `Spark job ${job} ${record.state}`,
        { id: record.id, exit_code: result.code, summary: record.summary },
      );
      this.events.emit('change');
    });
    return { ...record };
  }

  /** The master's current view, if a cluster answers. */
  master(): Promise<MasterStatus | undefined> {
    return masterStatus();
  }

  /** Stops a local cluster with the app (its processes are the app's children); a compose stack keeps running. */
  async shutdown(): Promise<void> {
    if (this.backend === 'local' && this.state !== 'stopped') await this.down();
  }
}
