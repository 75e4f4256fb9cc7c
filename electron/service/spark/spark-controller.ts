// Starts, watches and stops a Spark cluster for the generated data, and runs the medallion
// jobs on it. The backends (backend.ts) do the work: docker (the compose stack), local
// (processes on this machine) and attached (the Spark of the same compose project in the
// all-in-Docker mode); backend-choice.ts picks one for a start or says why none can run, and
// cluster-reconcile.ts says what a check of a watched cluster changes. This class keeps the
// state machine, an attempt id (so that a late result of an overtaken start is ignored), the
// jobs and the output lines.
// Behind the /api/spark* routes; progress goes to the logs and to the SSE `spark` event.
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SparkStatus } from '../../../shared/api.ts';
import type { SparkBackendName, SparkJobName } from '../../../shared/spark.ts';
import { portsView, type SparkPorts } from '../../../shared/spark-ports.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { AttachedBackend, type AttachedSpark } from './attached-backend.ts';
import type { ClusterBackend, ClusterCheck } from './backend.ts';
import {
  type BackendChoice,
  type BackendsHere,
  backendsHere,
  buildBackend,
  chooseBackend,
  type LocalHere,
  localSeenFrom,
  type PortCheck,
  type StartableBackend,
} from './backend-choice.ts';
import { reconcile } from './cluster-reconcile.ts';
import { ClusterWatcher } from './cluster-watcher.ts';
import { engineRunning, runningStackServes } from './docker.ts';
import { DockerBackend } from './docker-backend.ts';
import { masterStatus } from './local.ts';
import { sparkPortsFrom } from './ports.ts';
import { type SparkJob, SparkJobs, type SparkLogLine } from './spark-jobs.ts';

export type { AttachedSpark } from './attached-backend.ts';
export const DEFAULT_DOCKER_DIR = fileURLToPath(new URL('../../../docker/', import.meta.url));
export type JobName = SparkJobName;
export type SparkBackend = SparkBackendName;
export type SparkState = SparkStatus['state'];
export type { SparkJob, SparkLogLine } from './spark-jobs.ts';

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
  /** Tests: the backend to use instead of a real one. */
  backendFor?: (name: StartableBackend) => ClusterBackend;
  /** The first of Spark's ports another program holds (tests: a fake backend holds none). */
  portTaken?: PortCheck;
  /** Tests: the platform to behave as (Windows refuses the local backend without winutils). */
  platform?: NodeJS.Platform;
  /** The ports chosen by the host (`serve` flags); else SPARK_EXPERIMENTS_*_PORT, else defaults. */
  ports?: Partial<SparkPorts> | undefined;
}

export class SparkController {
  readonly events = new EventEmitter<{ change: [] }>();
  private state: SparkState = 'stopped';
  private backend: ClusterBackend | undefined;
  private message = 'Spark is not running. Start it with Start Spark (POST /api/spark/up).';
  /** A searchable code for the current problem (engine_not_running, …), else null. */
  private errorCode: string | null = null;
  private startedAt: number | null = null;
  private readySeconds: number | null = null;
  private sparkHome: string | undefined;
  /** Bumped by every start and stop; a start that finds it changed was overtaken. */
  private attempt = 0;
  /** The start in flight, until it settles or a stop overtakes it. */
  private starting: AbortController | undefined;
  private readonly jobs: SparkJobs;
  private readonly env: NodeJS.ProcessEnv;
  /** The ports on 127.0.0.1 the cluster (and the stack's notebook) publish. */
  readonly ports: SparkPorts;
  private readonly dockerDir: string;
  private readonly watcher: ClusterWatcher;
  /** What the last start found of a local Spark (looking runs Python, so only a start looks). */
  private localSeen: LocalHere | undefined;

  constructor(private readonly options: SparkControllerOptions) {
    this.env = options.env ?? process.env;
    this.ports = sparkPortsFrom(this.env, options.ports);
    this.dockerDir = options.dockerDir ?? DEFAULT_DOCKER_DIR;
    this.jobs = new SparkJobs(options.log, () => this.events.emit('change'), options.dataDir);
    this.watcher = new ClusterWatcher(
      () => ({
        backend: this.backend,
        attempt: this.attempt,
        busy: !!this.starting || this.idle(),
      }),
      (found) => this.apply(found),
      options.watchIntervalMs,
    );
    if (options.attached) {
      this.backend = new AttachedBackend(options.attached);
      this.set('starting', `Waiting for the Spark containers of this compose project…`);
      this.watcher.start();
    }
  }

  private set(state: SparkState, message: string, errorCode: string | null = null): void {
    const changed =
      state !== this.state || message !== this.message || errorCode !== this.errorCode;
    this.state = state;
    this.message = message;
    this.errorCode = errorCode;
    if (changed) this.events.emit('change');
  }

  private createBackend(choice: BackendChoice): ClusterBackend {
    if (this.options.backendFor) return this.options.backendFor(choice.name);
    return buildBackend(choice, {
      dockerDir: this.dockerDir,
      dataDir: this.options.dataDir,
      env: this.env,
      platform: this.options.platform,
      onLine: (line, source) => this.jobs.record(source, line),
      startTimeoutMs: this.options.startTimeoutMs ?? 120_000,
      ports: this.ports,
    });
  }

  /** The master UI on this machine (the configured port; compose publishes it there too). */
  private masterUiUrl(): string {
    return `http://127.0.0.1:${this.ports.masterUi}`;
  }

  /** The ports this app's local cluster holds now (a compose stack's show in `docker ps`). */
  localPorts(): number[] {
    if (this.backend?.name !== 'local' || this.state === 'stopped') return [];
    return [this.ports.masterUi, this.ports.master, this.ports.appUi];
  }

  logs(limit: number): SparkLogLine[] {
    return this.jobs.output(limit);
  }

  async status(): Promise<Omit<SparkStatus, 'backends' | 'notebook'>> {
    const backend = this.backend;
    const masterUrl =
      backend instanceof AttachedBackend ? backend.spark.masterUiUrl : this.masterUiUrl();
    const master =
      this.state === 'running' || this.state === 'starting'
        ? await masterStatus(masterUrl)
        : undefined;
    const services =
      backend && this.state !== 'stopped' && this.errorCode !== 'engine_not_running'
        ? await backend.services()
        : [];
    return {
      state: this.state,
      backend: backend?.name ?? null,
      message: this.message,
      error_code: this.errorCode,
      master: master ?? null,
      services,
      ui_url: this.state === 'running' ? `${this.masterUiUrl()}/` : null,
      ports: portsView(this.ports),
      started_at: this.startedAt ? new Date(this.startedAt).toISOString() : null,
      ready_seconds: this.readySeconds,
      spark_home: this.sparkHome ?? null,
      stack_dir: backend instanceof DockerBackend ? backend.stack : null,
      jobs: this.jobs.list(),
    };
  }

  /** The backend of a cluster starting or running now (where checks run), else null. */
  backendInUse(): SparkBackend | null {
    return this.state === 'starting' || this.state === 'running'
      ? (this.backend?.name ?? null)
      : null;
  }

  /** What could run here: Docker's readiness and whether a local Spark exists. */
  backends(): Promise<BackendsHere> {
    return backendsHere(this.env, this.options.platform, this.localSeen);
  }

  /** Picks the backend for a start, remembering what it found of a local Spark. */
  private choose(preferred: StartableBackend | undefined): Promise<BackendChoice> {
    const { portTaken, platform } = this.options;
    const outcome = chooseBackend(preferred, this.env, portTaken, this.ports, platform);
    const remember = (found: unknown) => {
      this.localSeen = localSeenFrom(found) ?? this.localSeen;
    };
    outcome.then(remember, remember);
    return outcome;
  }

  private refuseWhenAttached(action: 'start' | 'stop' | 'restart'): void {
    if (this.backend?.name !== 'attached') return;
    const how = action === 'start' ? 'up -d' : 'stop spark-master spark-worker';
    throw new ServiceError(
      409,
      'managed_by_compose',
      `Spark runs in the same docker compose project as this generator, so compose ${action}s it: docker compose --profile all ${how}`,
    );
  }

  /**
   * A compose stack of this data folder left running by an earlier run of the app is taken
   * over (the stack outlives the app by design), so the panel shows it and Stop works.
   */
  async adoptRunningStack(): Promise<boolean> {
    if (this.backend || this.state !== 'stopped') return false;
    if (!(await engineRunning(this.env)).running) return false;
    if (!(await runningStackServes(this.options.dataDir, this.env))) return false;
    if (this.backend || this.state !== 'stopped') return false;
    this.backend = this.createBackend({ name: 'docker' });
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
    this.watcher.start();
    await this.watcher.check();
    // A pipeline left running there is listed again, blocks a second one, and can be stopped.
    const found = await this.backend?.findRunningPipeline?.().catch(() => null);
    if (found && this.backend) this.jobs.adoptPipeline(this.backend, found);
    return true;
  }

  /** Starts the cluster; resolves once starting has begun (watch `status` or the SSE stream). */
  async up(
    preferred?: StartableBackend,
  ): Promise<{ backend: SparkBackend; state: SparkState; message: string }> {
    this.refuseWhenAttached('start');
    if (this.state === 'starting' || this.state === 'running' || this.state === 'stopping') {
      throw new ServiceError(
        409,
        `spark_${this.state}`,
        `Spark is already ${this.state} (${this.backend?.name} backend)`,
      );
    }
    const choice = await this.choose(preferred);
    const name = choice.name;
    if (choice.name === 'local') this.sparkHome = choice.sparkHome;
    const backend = this.createBackend(choice);
    this.backend = backend;
    this.startedAt = Date.now();
    this.readySeconds = null;
    this.options.log.info('starting Spark', { backend: name, spark_home: this.sparkHome ?? null });
    this.launch(
      backend,
      name === 'docker'
        ? 'Starting the compose stack (docker compose up --wait)…'
        : `Starting a local master and worker from ${this.sparkHome}…`,
    );
    return { backend: name, state: this.state, message: this.message };
  }

  /** Runs the backend's start as a new attempt: a late result of an overtaken one is ignored. */
  private launch(backend: ClusterBackend, message: string, code: string | null = null): void {
    const attempt = ++this.attempt;
    this.starting = new AbortController();
    this.set('starting', message, code);
    backend.start(this.starting.signal).then(
      () => {
        if (attempt !== this.attempt) return;
        this.starting = undefined;
        this.ready();
        if (backend.check) this.watcher.start();
      },
      (err: Error) => {
        if (attempt !== this.attempt) return;
        this.starting = undefined;
        // A failed restart of stopped containers is not tried again by itself.
        this.fail(err.message, code === 'recovering' ? 'restart_failed' : null);
      },
    );
  }

  private ready(): void {
    this.readySeconds = this.startedAt
      ? Number(((Date.now() - this.startedAt) / 1000).toFixed(1))
      : null;
    this.set(
      'running',
      `Spark is running (${this.backend?.name} backend): master UI on ${this.masterUiUrl()}/`,
    );
    this.options.log.info('Spark is running', {
      backend: this.backend?.name,
      ready_seconds: this.readySeconds,
    });
  }

  private fail(message: string, code: string | null = null): void {
    this.set('error', message, code);
    this.options.log.error('Spark failed', { backend: this.backend?.name, message, code });
  }

  /** Stopped or stopping: nothing for the watcher to reconcile. */
  private idle(): boolean {
    return this.state === 'stopped' || this.state === 'stopping';
  }

  private apply(found: ClusterCheck): void {
    const next = reconcile(found, {
      state: this.state,
      errorCode: this.errorCode,
      backend: this.backend?.name,
    });
    if (next?.to === 'running') {
      this.ready();
      if (next.recovered) this.options.log.info('the Docker engine is back; Spark is running', {});
    } else if (next?.to === 'error') {
      this.fail(next.message, next.code);
    } else if (next?.to === 'restart') {
      if (!this.backend || this.errorCode === 'restart_failed') return;
      this.options.log.info('the Spark containers stopped; starting them again', {});
      this.launch(this.backend, next.message, 'recovering');
    } else if (next?.to === 'stopped') {
      this.watcher.stop();
      this.set('stopped', next.message);
    } else if (next) {
      this.set('starting', next.message, next.code);
    }
  }

  async down(): Promise<{ state: SparkState; message: string }> {
    this.refuseWhenAttached('stop');
    if (this.state === 'stopped' || !this.backend)
      return { state: this.state, message: 'Spark is not running' };
    const backend = this.backend;
    // A start still in flight is overtaken: its late result must not undo this stop.
    ++this.attempt;
    this.starting?.abort();
    this.starting = undefined;
    this.watcher.stop();
    this.set('stopping', 'Stopping Spark…');
    try {
      await backend.stop();
    } catch (err) {
      this.fail((err as Error).message);
      return { state: this.state, message: this.message };
    }
    this.options.log.info('Spark stopped', { backend: backend.name });
    this.set('stopped', 'Spark is stopped.');
    return { state: this.state, message: this.message };
  }

  /** Stops and starts again with the same backend (compose: down, then up --wait). */
  async restart(): Promise<{ backend: SparkBackend; state: SparkState; message: string }> {
    this.refuseWhenAttached('restart');
    const name = this.backend?.name;
    await this.down();
    return this.up(name === 'docker' || name === 'local' ? name : undefined);
  }

  /** Submits a medallion job to the running cluster; its output goes to the logs. */
  async submit(job: JobName): Promise<SparkJob> {
    if (this.state !== 'running' || !this.backend)
      throw new ServiceError(409, 'spark_not_running', 'start Spark first (POST /api/spark/up)');
    return this.jobs.start(job, this.backend);
  }

  /** Asks a running job to stop (the pipeline stops between micro-batches). */
  stopJob(id: number): SparkJob {
    return this.jobs.stop(id);
  }

  /** Stops a local cluster with the app (its processes are the app's children); a compose stack keeps running. */
  async shutdown(): Promise<void> {
    this.watcher.stop();
    if (this.backend?.name === 'local' && this.state !== 'stopped') {
      // The jobs are the app's children too; a killed pipeline resumes from its checkpoints.
      this.jobs.abortAll();
      await this.down();
    }
  }
}
