// What the Spark controller needs from a way of running Spark (after Rancher Desktop's
// backend interface): start with an abort signal, stop, the services and their health, a
// check for clusters that can change under the app, and how to run a job.
import type { SparkBackendName, SparkJobName } from '../../../shared/spark.ts';

export interface ServiceStatus {
  service: string;
  state: string;
  health: string;
}

/** What a check of a running cluster found. */
export type ClusterCheck =
  | { kind: 'healthy' }
  | { kind: 'waiting'; detail: string }
  /** Containers that stopped and will not come back by themselves (no restart policy). */
  | { kind: 'exited'; detail: string }
  | { kind: 'engine_down'; reason: string }
  | { kind: 'gone' };

/** A pipeline running in the cluster that this app did not start (left by an earlier run). */
export interface RunningPipeline {
  /** The run id its stop requests name (lake/_pipeline/lock says), if it has one. */
  runId: string | null;
  startedAt: string | null;
  /** Resolves once it has ended; `signal` ends the watching, never the pipeline. */
  ended(signal: AbortSignal): Promise<void>;
}

export interface ClusterBackend {
  readonly name: SparkBackendName;
  /** Resolves once the cluster has an alive worker; rejects with a message users can act on. */
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  services(): Promise<ServiceStatus[]>;
  /** For clusters the app does not hold as child processes: what runs now. */
  check?(): Promise<ClusterCheck>;
  /** For clusters that outlive the app: a pipeline running there now, if any. */
  findRunningPipeline?(): Promise<RunningPipeline | null>;
  /** Runs a job to its end, its output line by line; resolves with the exit code. `signal`
   *  ends it early. */
  runJob(
    job: SparkJobName,
    args: string[],
    onLine: (line: string) => void,
    signal?: AbortSignal,
  ): Promise<number | null>;
}
