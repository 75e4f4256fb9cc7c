// The jobs run on the cluster and the output lines of Spark, compose and the jobs: kept for
// GET /api/spark (the last 50 jobs) and /api/spark/logs (the last 1,000 lines), and logged.
import type { SparkStatus } from '../../../shared/api.ts';
import type { SparkJobName } from '../../../shared/spark.ts';
import type { Logger } from '../logs/logger.ts';
import type { ClusterBackend } from './backend.ts';

export type SparkJob = SparkStatus['jobs'][number];
export type SparkLogLine = { ts: string; source: string; line: string };

const KEPT_JOBS = 50;
const KEPT_LINES = 1000;

export class SparkJobs {
  private readonly jobs: SparkJob[] = [];
  private readonly lines: SparkLogLine[] = [];
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    /** A job started or ended. */
    private readonly changed: () => void,
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
    const args = job === 'bronze' ? ['--once', '--max-files-per-trigger', '1'] : [];
    const onLine = (line: string) => {
      // Each job ends with one summary line that starts with its name.
      const ours = line.startsWith(`${job}:`);
      if (ours) record.summary = line;
      this.record(`job-${job}`, line, ours ? 'INFO' : 'DEBUG');
    };
    this.log.info('submitted Spark job', { job, backend: backend.name, id: record.id });
    this.changed();
    void backend.runJob(job, args, onLine).then((code) => {
      record.exit_code = code;
      record.state = code === 0 ? 'succeeded' : 'failed';
      record.finished_at = new Date().toISOString();
      this.log.log(code === 0 ? 'INFO' : 'ERROR', `Spark job ${job} ${record.state}`, {
        id: record.id,
        exit_code: code,
        summary: record.summary,
      });
      this.changed();
    });
    return { ...record };
  }
}
