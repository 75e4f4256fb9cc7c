// The Spark side of the contract in one place: the medallion jobs the app can run, the
// backends it can start, and the ports on 127.0.0.1 that every backend uses (the compose
// file in docker/ publishes the same ones).

/** The batch jobs run once and end; `pipeline` streams all three layers until it is stopped. */
export const SPARK_JOBS = ['bronze', 'silver', 'gold', 'pipeline'] as const;
export type SparkJobName = (typeof SPARK_JOBS)[number];

/** States of a job run; `stopping` and `stopped` follow a stop request. */
export const SPARK_JOB_STATES = ['running', 'stopping', 'succeeded', 'failed', 'stopped'] as const;

/** Delta Lake for Spark 3.5 (the pipeline's tables); the stack's image bakes these jars in. */
export const DELTA_PACKAGE = 'io.delta:delta-spark_2.12:3.3.2';

/** What POST /api/spark/up may ask for; `attached` (all-in-Docker) is never started by the app. */
export const STARTABLE_BACKENDS = ['docker', 'local'] as const;
export const SPARK_BACKENDS = [...STARTABLE_BACKENDS, 'attached'] as const;
export type SparkBackendName = (typeof SPARK_BACKENDS)[number];

/** The local backend's worker UI (the four ports users may move are in spark-ports.ts). */
export const LOCAL_WORKER_UI_PORT = 17081;
