// Starts, watches and stops a Spark cluster for the generated data, and runs the medallion
// jobs on it. Three backends:
//   docker    the compose stack, driven through the Docker CLI (the desktop default);
//   local     a master and worker as local processes, when Docker is not there;
//   attached  the Spark containers of the same compose project as this generator (the
//             all-in-Docker mode): watched and used, but started and stopped by compose.
// Behind the /api/spark* routes; progress goes to the logs and to the SSE `spark` event.
import { EventEmitter } from 'node:events';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SparkBackendName, SparkJobName } from '../../../shared/spark.ts';
import { ServiceError } from '../errors.ts';
import type { Logger } from '../logs/logger.ts';
import {
  composeDown,
  composeExecArgs,
  composeServices,
  composeUp,
  type DockerOptions,
  type DockerReadiness,
  dockerReadiness,
  engineRunning,
  runningStackDataDir,
} from './docker.ts';
import { submitToRunner } from './job-runner-client.ts';
import {
  APP_UI_PORT,
  findSparkHome,
  type LocalCluster,
  MASTER_PORT,
  MASTER_UI_PORT,
  masterStatus,
  startLocalCluster,
} from './local.ts';
import { portInUse, run } from './processes.ts';
import { prepareStack } from './stack.ts';

export const DEFAULT_DOCKER_DIR = fileURLToPath(new URL('../../../docker/', import.meta.url));
export type JobName = SparkJobName;
export type SparkBackend = SparkBackendName;
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

/** The Spark of the same compose project, seen from the generator's container. */
export interface AttachedSpark {
  /** The master's web UI inside the project network, e.g. http://spark-master:8080 */
  masterUiUrl: string;
  /** The job runner (docker/spark/runner), e.g. http://spark-jobs:7070 */
  jobsUrl: string;
}

export interface SparkControllerOptions {
  dataDir: string;
  dockerDir?: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for one alive worker (local backend). */
  startTimeoutMs?: number;
  attached?: AttachedSpark;
  /** How often a Docker or attached cluster is checked (engine, containers, master). */
  watchIntervalMs?: number;
}

const PORTS = [MASTER_UI_PORT, MASTER_PORT, APP_UI_PORT] as const;

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
const LOG_LINES = 1000;
const CLUSTER_SERVICES = ['spark-master', 'spark-worker'];

export class SparkController {
  readonly events = new EventEmitter<{ change: [] }>();
  private state: SparkState = 'stopped';
  private backend: SparkBackend | null = null;
  private message = 'Spark is not running. Start it with Start Spark (POST /api/spark/up).';
  /** A searchable code for the current problem (engine_not_running, …), else null. */
  private errorCode: string | null = null;
  private startedAt: number | null = null;
  private readySeconds: number | null = null;
  private local: LocalCluster | undefined;
  private sparkHome: string | undefined;
  private stackDir: string | undefined;
  /** Bumped by every start and stop, so a late result of an earlier start is ignored. */
  private attempt = 0;
  private readonly jobs: SparkJob[] = [];
  private readonly lines: SparkLogLine[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly dockerDir: string;
  private nextJob = 1;
  private watcher: NodeJS.Timeout | undefined;
  private checking = false;
  /** `compose up --wait` calls in flight: the watcher leaves a starting stack to them. */
  private upsInFlight = 0;

  constructor(private readonly options: SparkControllerOptions) {
    this.env = options.env ?? process.env;
    this.dockerDir = options.dockerDir ?? DEFAULT_DOCKER_DIR;
    if (options.attached) {
      this.backend = 'attached';
      this.set(
        'starting',
        `Waiting for the Spark containers of this compose project (${options.attached.masterUiUrl})…`,
      );
      this.watch();
    }
  }

  private get masterUiUrl(): string {
    return this.options.attached?.masterUiUrl ?? `http://127.0.0.1:${MASTER_UI_PORT}`;
  }

  private dockerOptions(): DockerOptions {
    this.stackDir ??= prepareStack(this.dockerDir, this.options.dataDir);
    // On Linux the containers run as the app's user, so Spark can write lake/ and the app can
    // delete what Spark wrote (Docker Desktop maps ownership by itself; Windows has no uid).
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    return {
      composeFile: join(this.stackDir, 'docker-compose.yml'),
      env: {
        ...(uid !== undefined && gid !== undefined
          ? { SPARK_EXPERIMENTS_UID: String(uid), SPARK_EXPERIMENTS_GID: String(gid) }
          : {}),
        ...this.env,
        SPARK_EXPERIMENTS_DATA: this.options.dataDir,
      },
      onLine: (line) => this.record('docker', line),
    };
  }

  private record(source: string, line: string, level: 'DEBUG' | 'INFO' = 'DEBUG'): void {
    this.lines.push({ ts: new Date().toISOString(), source, line });
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
    this.options.log.log(level, line, { source });
  }

  private set(state: SparkState, message: string, errorCode: string | null = null): void {
    const changed =
      state !== this.state || message !== this.message || errorCode !== this.errorCode;
    this.state = state;
    this.message = message;
    this.errorCode = errorCode;
    if (changed) this.events.emit('change');
  }

  logs(limit: number): SparkLogLine[] {
    return this.lines.slice(-limit).reverse();
  }

  async status() {
    const master =
      this.state === 'running' || this.state === 'starting'
        ? await masterStatus(this.masterUiUrl)
        : undefined;
    const services =
      this.backend === 'docker' &&
      this.state !== 'stopped' &&
      this.errorCode !== 'engine_not_running'
        ? await composeServices(this.dockerOptions())
        : [];
    return {
      state: this.state,
      backend: this.backend,
      message: this.message,
      error_code: this.errorCode,
      master: master ?? null,
      services,
      ui_url: this.state === 'running' ? `http://127.0.0.1:${MASTER_UI_PORT}/` : null,
      started_at: this.startedAt ? new Date(this.startedAt).toISOString() : null,
      ready_seconds: this.readySeconds,
      spark_home: this.sparkHome ?? null,
      stack_dir: this.backend === 'docker' ? (this.stackDir ?? null) : null,
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

  private refuseWhenAttached(action: string): void {
    if (this.backend === 'attached') {
      throw new ServiceError(
        409,
        'managed_by_compose',
        `Spark runs in the same docker compose project as this generator, so compose ${action}s it: docker compose --profile all ${action === 'start' ? 'up -d' : 'stop spark-master spark-worker'}`,
      );
    }
  }

  /**
   * A compose stack of this project left running by an earlier run of the app is taken over
   * (the stack outlives the app by design), so the panel shows it and Stop works.
   */
  async adoptRunningStack(): Promise<boolean> {
    if (this.backend !== null || this.state !== 'stopped') return false;
    if (!(await engineRunning(this.env)).running) return false;
    const mounted = await runningStackDataDir(this.env);
    if (!mounted || !sameFolder(mounted, this.options.dataDir)) return false;
    if (this.backend !== null || this.state !== 'stopped') return false;
    this.backend = 'docker';
    this.startedAt = Date.now();
    this.options.log.info(
      'found the Spark compose stack of this data folder running; watching it',
      {},
    );
    this.set(
      'starting',
      'Found the Spark compose stack running; checking its health…',
      'recovering',
    );
    this.watch();
    await this.checkCluster();
    return true;
  }

  /** Starts the cluster; resolves once starting has begun (watch `status` or the SSE stream). */
  async up(
    preferred?: 'docker' | 'local',
  ): Promise<{ backend: SparkBackend; state: SparkState; message: string }> {
    this.refuseWhenAttached('start');
    if (this.state === 'starting' || this.state === 'running' || this.state === 'stopping') {
      throw new ServiceError(
        409,
        `spark_${this.state}`,
        `Spark is already ${this.state} (${this.backend} backend)`,
      );
    }
    let backend: 'docker' | 'local';
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
    const attempt = ++this.attempt;
    this.set(
      'starting',
      backend === 'docker'
        ? 'Starting the compose stack (docker compose up --wait)…'
        : `Starting a local master and worker from ${sparkHome}…`,
    );
    this.options.log.info('starting Spark', { backend, spark_home: sparkHome ?? null });
    const starting =
      backend === 'docker'
        ? this.startDocker(attempt)
        : this.startLocal(sparkHome as string, attempt);
    starting.catch((err: Error) => {
      if (attempt === this.attempt) this.fail(`starting Spark failed: ${err.message}`);
    });
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

  private fail(message: string, code: string | null = null): void {
    this.set('error', message, code);
    this.options.log.error('Spark failed', { backend: this.backend, message, code });
  }

  private async startDocker(attempt: number): Promise<void> {
    this.upsInFlight++;
    const result = await composeUp(this.dockerOptions()).finally(() => this.upsInFlight--);
    // Stopped (or started again) meanwhile: this result is not the current one.
    if (attempt !== this.attempt) return;
    if (result.code === 0) {
      this.ready();
      this.watch();
      return;
    }
    const reason = result.timedOut
      ? 'timed out waiting for the services to be healthy'
      : (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    this.fail(`docker compose up failed: ${reason}`);
  }

  private async startLocal(sparkHome: string, attempt: number): Promise<void> {
    this.local = startLocalCluster(sparkHome, this.env, (line, source) =>
      this.record(source, line),
    );
    const until = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    while (Date.now() < until && attempt === this.attempt) {
      const status = await masterStatus(this.masterUiUrl);
      if (attempt !== this.attempt) return;
      if (status && status.alive_workers >= 1) return this.ready();
      await new Promise((r) => setTimeout(r, 250));
    }
    if (attempt === this.attempt) {
      await this.local.stop();
      this.local = undefined;
      this.fail('the local master and worker did not come up in time; see /api/spark/logs');
    }
  }

  /** Stopped or stopping: nothing for the watcher to reconcile. */
  private idle(): boolean {
    return this.state === 'stopped' || this.state === 'stopping';
  }

  /** Checks a Docker or attached cluster every few seconds while one is expected to run. */
  private watch(): void {
    if (this.watcher) return;
    this.watcher = setInterval(
      () => void this.checkCluster(),
      this.options.watchIntervalMs ?? 5000,
    );
    this.watcher.unref();
  }

  private unwatch(): void {
    clearInterval(this.watcher);
    this.watcher = undefined;
  }

  /**
   * Reconciles the shown state with what really runs: an engine that stopped becomes
   * `engine_not_running`, and the cluster is `running` again once its containers are healthy
   * (they restart with the engine: `restart: unless-stopped`).
   */
  private async checkCluster(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const attempt = this.attempt;
      if (this.backend === 'attached') {
        const master = await masterStatus(this.masterUiUrl);
        if (master && master.alive_workers >= 1) {
          if (this.state !== 'running') this.ready();
        } else {
          this.set(
            'starting',
            master
              ? 'The Spark master answers; waiting for a worker…'
              : `Waiting for the Spark containers of this compose project (${this.masterUiUrl})…`,
          );
        }
        return;
      }
      if (this.backend !== 'docker' || this.idle()) return;
      if (this.upsInFlight > 0) return;
      const engine = await engineRunning(this.env);
      // Awaited: a stop may have come in meanwhile.
      if (attempt !== this.attempt || this.idle()) return;
      if (!engine.running) {
        if (this.errorCode !== 'engine_not_running') {
          this.fail(
            `engine_not_running: the Docker engine is not running, so neither is Spark. Start Docker Desktop (or the docker service); Spark comes back by itself. Docker said: ${engine.reason}`,
            'engine_not_running',
          );
        }
        return;
      }
      const services = (await composeServices(this.dockerOptions())).filter((s) =>
        CLUSTER_SERVICES.includes(s.service),
      );
      if (attempt !== this.attempt || this.idle()) return;
      const healthy =
        services.length === CLUSTER_SERVICES.length &&
        services.every((s) => s.state === 'running' && (s.health === '' || s.health === 'healthy'));
      if (healthy) {
        if (this.state !== 'running') {
          const recovered = this.errorCode === 'engine_not_running';
          this.ready();
          if (recovered) this.options.log.info('the Docker engine is back; Spark is running', {});
        }
      } else if (services.length === 0) {
        this.unwatch();
        this.set(
          'stopped',
          'The Spark containers are gone (removed outside the app). Start Spark again.',
        );
      } else if (this.state === 'running' || this.errorCode === 'engine_not_running') {
        this.set(
          'starting',
          `The Docker engine runs; waiting for the Spark containers to be healthy (${services.map((s) => `${s.service} ${s.health || s.state}`).join(', ')})…`,
          'recovering',
        );
      }
    } finally {
      this.checking = false;
    }
  }

  async down(): Promise<{ state: SparkState; message: string }> {
    this.refuseWhenAttached('stop');
    if (this.state === 'stopped') return { state: this.state, message: 'Spark is not running' };
    const backend = this.backend;
    // A start still in flight is overtaken: its late result must not undo this stop.
    ++this.attempt;
    this.unwatch();
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
    this.refuseWhenAttached('restart');
    const backend = this.backend === 'attached' ? undefined : (this.backend ?? undefined);
    await this.down();
    return this.up(backend);
  }

  /** Submits a medallion job to the running cluster; its output goes to the logs. */
  async submit(job: JobName): Promise<SparkJob> {
    if (this.state !== 'running' || !this.backend)
      throw new ServiceError(409, 'spark_not_running', 'start Spark first (POST /api/spark/up)');
    const backend = this.backend;
    const record: SparkJob = {
      id: this.nextJob++,
      job,
      backend,
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
    this.options.log.info('submitted Spark job', { job, backend, id: record.id });
    this.events.emit('change');
    const finished =
      backend === 'attached'
        ? submitToRunner(this.options.attached as AttachedSpark, job, jobArgs, onLine)
        : this.runJobProcess(job, jobArgs, onLine);
    void finished.then((code) => {
      record.exit_code = code;
      record.state = code === 0 ? 'succeeded' : 'failed';
      record.finished_at = new Date().toISOString();
      this.options.log.log(code === 0 ? 'INFO' : 'ERROR', `Spark job ${job} ${record.state}`, {
        id: record.id,
        exit_code: code,
        summary: record.summary,
      });
      this.events.emit('change');
    });
    return { ...record };
  }

  /** spark-submit on this machine (local) or inside the master container (docker). */
  private async runJobProcess(
    job: JobName,
    jobArgs: string[],
    onLine: (line: string) => void,
  ): Promise<number | null> {
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
            // Through the image's entrypoint, which gives a uid without a passwd entry (the
            // app's user) a name: Hadoop's login refuses a nameless user.
            composeExecArgs(this.dockerOptions(), [
              '/opt/entrypoint.sh',
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
    const result = await run(command, args as string[], {
      env: env as NodeJS.ProcessEnv,
      timeoutMs: 60 * 60_000,
      onLine,
    });
    return result.code;
  }

  /** Stops a local cluster with the app (its processes are the app's children); a compose stack keeps running. */
  async shutdown(): Promise<void> {
    this.unwatch();
    if (this.backend === 'local' && this.state !== 'stopped') await this.down();
  }
}
