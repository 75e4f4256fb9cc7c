// The Spark side of the contract in one place: the medallion jobs the app can run, the
// backends it can start, and the ports on 127.0.0.1 that every backend uses (the compose
// file in docker/ publishes the same ones).

export const SPARK_JOBS = ['bronze', 'silver', 'gold'] as const;
export type SparkJobName = (typeof SPARK_JOBS)[number];

/** What POST /api/spark/up may ask for; `attached` (all-in-Docker) is never started by the app. */
export const STARTABLE_BACKENDS = ['docker', 'local'] as const;
export const SPARK_BACKENDS = [...STARTABLE_BACKENDS, 'attached'] as const;
export type SparkBackendName = (typeof SPARK_BACKENDS)[number];

export const SPARK_PORTS = {
  masterUi: 17080,
  master: 17077,
  workerUi: 17081,
  applicationUi: 14040,
} as const;
