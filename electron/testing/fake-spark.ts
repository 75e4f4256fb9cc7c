// A Spark controller that starts nothing, for API tests: it answers like a stopped cluster,
// records what the API asked of it, and lets a test make it refuse or announce a change.
import { EventEmitter } from 'node:events';
import { ServiceError } from '../service/kernel/errors.ts';
import type {
  JobName,
  SparkController,
  SparkJob,
  SparkLogLine,
  SparkState,
} from '../service/spark/spark-controller.ts';

type Status = Awaited<ReturnType<SparkController['status']>>;
type Backends = Awaited<ReturnType<SparkController['backends']>>;
type Started = Awaited<ReturnType<SparkController['up']>>;

export class FakeSpark {
  readonly events = new EventEmitter<{ change: [] }>();
  /** Every call the API made, in order: `up:local`, `down`, `backends`, … */
  readonly calls: string[] = [];
  state: SparkState = 'stopped';
  lines: SparkLogLine[] = [
    { ts: '2024-01-01T12:00:02.000Z', source: 'master', line: 'newest' },
    { ts: '2024-01-01T12:00:01.000Z', source: 'master', line: 'middle' },
    { ts: '2024-01-01T12:00:00.000Z', source: 'worker', line: 'oldest' },
  ];
  /** Thrown by the next up / down / restart / submit, then cleared. */
  refuseNext: Error | undefined;

  async status(): Promise<Status> {
    this.calls.push('status');
    return {
      state: this.state,
      backend: this.state === 'stopped' ? null : 'local',
      message: `Spark is ${this.state}.`,
      error_code: null,
      master: null,
      services: [],
      ui_url: null,
      ports: { master_ui: 17080, master: 17077, app_ui: 14040, notebook: 18888 },
      started_at: null,
      ready_seconds: null,
      spark_home: null,
      stack_dir: null,
      jobs: [],
    };
  }

  async backends(): Promise<Backends> {
    this.calls.push('backends');
    return {
      docker: { state: 'cli_missing', message: 'Docker is not installed (fake)' },
      local: { available: true, detail: '/opt/spark (fake)', checked: true },
    };
  }

  async up(preferred?: 'docker' | 'local'): Promise<Started> {
    this.calls.push(`up:${preferred ?? 'auto'}`);
    this.refuse();
    this.change('starting');
    return { backend: preferred ?? 'local', state: this.state, message: 'starting (fake)' };
  }

  async down(): Promise<{ state: SparkState; message: string }> {
    this.calls.push('down');
    this.refuse();
    this.change('stopped');
    return { state: this.state, message: 'stopped (fake)' };
  }

  async restart(): Promise<Started> {
    this.calls.push('restart');
    this.refuse();
    this.change('starting');
    return { backend: 'local', state: this.state, message: 'restarting (fake)' };
  }

  logs(limit: number): SparkLogLine[] {
    this.calls.push(`logs:${limit}`);
    return this.lines.slice(0, limit);
  }

  async submit(job: JobName): Promise<SparkJob> {
    this.calls.push(`submit:${job}`);
    this.refuse();
    if (this.state !== 'running')
      throw new ServiceError(409, 'spark_not_running', 'start Spark first (POST /api/spark/up)');
    return {
      id: 1,
      job,
      backend: 'local',
      state: 'running',
      started_at: '2024-01-01T12:00:00.000Z',
      finished_at: null,
      exit_code: null,
      summary: null,
    };
  }

  /** The fake runs no jobs: every id is unknown. */
  stopJob(id: number): SparkJob {
    this.calls.push(`stop:${id}`);
    this.refuse();
    throw new ServiceError(404, 'not_found', `no Spark job ${id}`);
  }

  /** Moves to `state` and tells listeners, as the real controller does on every change. */
  change(state: SparkState): void {
    this.state = state;
    this.events.emit('change');
  }

  private refuse(): void {
    const error = this.refuseNext;
    this.refuseNext = undefined;
    if (error) throw error;
  }
}
