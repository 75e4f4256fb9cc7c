// The jobs run on the cluster and the output lines of Spark, compose and the jobs: kept for
// GET /api/spark (the last 50 jobs) and /api/spark/logs (the last 1,000 lines), and logged.
// The streaming pipeline runs until it is stopped: one at a time, stopped through a file in
// the lake that it polls (the same wherever it runs: a child process, a container, the job
// runner), and killed only if it has not stopped by itself within STOP_GRACE_MS.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SparkStatus } from '../../../shared/api.ts';
import type { SparkJobName } from '../../../shared/spark.ts';
import { ServiceError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import type { ClusterBackend, RunningPipeline } from './backend.ts';

export type SparkJob = SparkStatus['jobs'][number];
export type SparkLogLine = { ts: string; source: string; line: string };

const KEPT_JOBS = 50;
const KEPT_LINES = 1000;
/** A pipeline stops between micro-batches; a silver micro-batch takes seconds, not minutes. */
export const STOP_GRACE_MS = 90_000;

/** `<lake>/_pipeline/stop`: holds the run id of the pipeline asked to stop (pipeline.py). */
export function pipelineStopFile(dataDir: string): string {
  return join(dataDir, 'lake', '_pipeline', 'stop');
}

/** Who holds the pipeline's lock (pipeline_lock.py writes it); stale once no one holds it. */
export function pipelineHolder(dataDir: string): { run_id?: string; started_at?: string } {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, 'lake', '_pipeline', 'lock'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The options the app gives each job; the stack's job runner accepts exactly these
 * (docker/spark/runner/request_policy.py), so keep the two in step.
 */
export function jobArgs(job: SparkJobName, id: number): string[] {
  if (job === 'bronze') return ['--once', '--max-files-per-trigger', '1'];
  if (job === 'pipeline') return ['--run-id', String(id)];
  return [];
}

interface JobControl {
  abort: AbortController;
  stopAsked: boolean;
  /** The run id the pipeline answers stop requests for: its job id, or an adopted run's. */
  runId: string;
}

export class SparkJobs {
  private readonly jobs: SparkJob[] = [];
  private readonly lines: SparkLogLine[] = [];
  private readonly running = new Map<number, JobControl>();
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    /** A job started or ended. */
    private readonly changed: () => void,
    private readonly dataDir: string,
    private readonly stopGraceMs = STOP_GRACE_MS,
  ) {}

  /** One line of output, kept and logged (DEBUG unless said otherwise). */
  record(source: string, line: string, level: 'DEBUG' | 'INFO' = 'DEBUG'): void {
    this.lines.push({ ts: new Date().toISOString(), source, line });
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    this.log.log(level, line, { source });
  }

  /** The newest `limit` lines, newest first. */
  output(limit: number): SparkLogLine[] {
    return this.lines.slice(-limit).reverse();
  }

  /** The jobs, newest first. */
  list(): SparkJob[] {
    return [...this.jobs].reverse();
  }

  /** Starts `job` on `backend`; returns its record at once, which is updated when it ends. */
  start(job: SparkJobName, backend: ClusterBackend): SparkJob {
    if (job === 'pipeline') {
      const other = this.runningPipeline();
      if (other)
        throw new ServiceError(
          409,
          'pipeline_running',
          `the pipeline already runs (job ${other.id}${other.adopted ? ', started before this app' : ''}); stop it first (POST /api/spark/jobs/${other.id}/stop)`,
        );
      // A request left by a run that ended before reading it must not stop this one.
      rmSync(pipelineStopFile(this.dataDir), { force: true });
    }
    const record: SparkJob = {
      id: this.nextId++,
      job,
      backend: backend.name,
      state: 'running',
      started_at: new Date().toISOString(),
      finished_at: null,
      exit_code: null,
      summary: null,
    };
    this.jobs.push(record);
    if (this.jobs.length > KEPT_JOBS) this.jobs.shift();
    const args = jobArgs(job, record.id);
    const onLine = (line: string) => {
      // Each job ends with one summary line that starts with its name.
      const ours = line.startsWith(`${job}:`);
      if (ours) record.summary = line;
      this.record(`job-${job}`, line, ours ? 'INFO' : 'DEBUG');
    };
    const control = { abort: new AbortController(), stopAsked: false, runId: String(record.id) };
    this.running.set(record.id, control);
    this.log.info('submitted Spark job', { job, backend: backend.name, id: record.id });
    this.changed();
    void backend.runJob(job, args, onLine, control.abort.signal).then((code) => {
      this.finish(record, control, code);
    });
    return { ...record };
  }

  private runningPipeline(): SparkJob | undefined {
    return this.jobs.find((j) => j.job === 'pipeline' && this.running.has(j.id));
  }

  /**
   * Takes over a pipeline that an earlier run of the app left running in the cluster: it is
   * listed as running (adopted), blocks a second pipeline, and Stop works as for our own.
   * Null when a pipeline of ours already runs.
   */
  adoptPipeline(backend: ClusterBackend, found: RunningPipeline): SparkJob | null {
    if (this.runningPipeline()) return null;
    const record: SparkJob = {
      id: this.nextId++,
      job: 'pipeline',
      backend: backend.name,
      state: 'running',
      started_at: found.startedAt ?? new Date().toISOString(),
      finished_at: null,
      exit_code: null,
      summary: `pipeline: adopted (run ${found.runId ?? 'unnamed'} was running when the app started)`,
      adopted: true,
    };
    this.jobs.push(record);
    if (this.jobs.length > KEPT_JOBS) this.jobs.shift();
    const control = {
      abort: new AbortController(),
      stopAsked: false,
      runId: found.runId ?? '',
    };
    this.running.set(record.id, control);
    this.log.info('adopted a running pipeline', { id: record.id, run_id: found.runId });
    this.changed();
    // Not ours to end when the app quits (abort only stops the watching); its exit code is
    // not known here.
    void found.ended(control.abort.signal).then(() => this.finish(record, control, null));
    return { ...record };
  }

  private finish(record: SparkJob, control: JobControl, code: number | null): void {
    const { job } = record;
    this.running.delete(record.id);
    record.exit_code = code;
    record.state =
      control.stopAsked || (record.adopted && code === null)
        ? 'stopped'
        : code === 0
          ? 'succeeded'
          : 'failed';
    record.finished_at = new Date().toISOString();
    if (job === 'pipeline') this.clearStopRequest(control.runId);
    this.log.log(record.state === 'failed' ? 'ERROR' : 'INFO', `Spark job ${job} ${record.state}`, {
      id: record.id,
      exit_code: code,
      summary: record.summary,
    });
    this.changed();
  }

  /**
   * Asks a running job to stop. The pipeline finishes its micro-batches and stops its queries
   * (nothing half-written: its checkpoints resume the next run); a batch job is ended at once
   * (its output is written atomically per batch, so a rerun picks up where it stopped).
   */
  stop(id: number): SparkJob {
    const record = this.jobs.find((j) => j.id === id);
    if (!record) throw new ServiceError(404, 'not_found', `no Spark job ${id}`);
    const control = this.running.get(id);
    if (!control) throw new ServiceError(409, 'job_not_running', `job ${id} has ${record.state}`);
    if (!control.stopAsked) {
      control.stopAsked = true;
      record.state = 'stopping';
      this.log.info('stopping Spark job', { job: record.job, id });
      if (record.job === 'pipeline') {
        const file = pipelineStopFile(this.dataDir);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, control.runId);
        setTimeout(() => {
          if (!this.running.has(id)) return;
          this.record(
            `job-${record.job}`,
            `did not stop within ${this.stopGraceMs / 1000} s: ending it`,
            'INFO',
          );
          control.abort.abort();
        }, this.stopGraceMs).unref();
      } else control.abort.abort();
      this.changed();
    }
    return { ...record };
  }

  /** Ends every running job (the app is quitting). */
  abortAll(): void {
    for (const control of this.running.values()) control.abort.abort();
  }

  private clearStopRequest(runId: string): void {
    const file = pipelineStopFile(this.dataDir);
    try {
      if (readFileSync(file, 'utf8').trim() === runId) rmSync(file, { force: true });
    } catch {
      // none left
    }
  }
}
