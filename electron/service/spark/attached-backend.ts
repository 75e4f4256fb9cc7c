// The Spark containers of the same compose project as this generator (all-in-Docker): the
// app watches the master and runs jobs through the job runner; compose starts and stops them.

import { jobTimeoutMs } from '../platform/processes.ts';
import type { ClusterBackend, ClusterCheck } from './backend.ts';
import { type JobRunnerAddress, submitToRunner } from './job-runner-client.ts';
import { masterStatus } from './local.ts';

export interface AttachedSpark extends JobRunnerAddress {
  /** The master's web UI inside the project network, e.g. http://spark-master:8080 */
  masterUiUrl: string;
}

export class AttachedBackend implements ClusterBackend {
  readonly name = 'attached' as const;

  constructor(readonly spark: AttachedSpark) {}

  async start(): Promise<void> {
    throw new Error('the attached cluster is started by docker compose');
  }

  async stop(): Promise<void> {
    throw new Error('the attached cluster is stopped by docker compose');
  }

  async services() {
    return [];
  }

  async check(): Promise<ClusterCheck> {
    const master = await masterStatus(this.spark.masterUiUrl);
    if (master && master.alive_workers >= 1) return { kind: 'healthy' };
    return {
      kind: 'waiting',
      detail: master
        ? 'The Spark master answers; waiting for a worker…'
        : `Waiting for the Spark containers of this compose project (${this.spark.masterUiUrl})…`,
    };
  }

  runJob(job: string, args: string[], onLine: (line: string) => void, signal?: AbortSignal) {
    return submitToRunner(this.spark, job, args, onLine, jobTimeoutMs(job), signal);
  }
}
