// Where a check runs: in the stack when the Docker backend is in use, so a student with only
// Docker needs no Python or Java; on this machine with the local backend. With no cluster
// running (the CLI, or the app before Start Spark): the stack when the one of this data folder
// is up, else this machine's Python when it has pyspark, else the stack again when there is a
// Docker engine (whose check then says "Start Spark first"), else this machine's Python, whose
// check says what to install.
import type { SparkBackendName } from '../../../shared/spark.ts';
import { ServiceError } from '../kernel/errors.ts';
import { run } from '../platform/processes.ts';
import { hostCheckPython } from '../python/host-python.ts';
import { engineRunning, sameFolder } from './docker.ts';
import { notebookContainer, type StackCheckOptions, stackCheckRunner } from './stack-check.ts';

export type CheckPlace = 'stack' | 'host';

export interface CheckPlaceFacts {
  /** The backend of a cluster the app runs now (starting or running), else null. */
  backendInUse: SparkBackendName | null;
  /** Whether the notebook container of this data folder's stack runs. */
  stackServesFolder(): Promise<boolean>;
  engineRunning(): Promise<boolean>;
  /** Whether this machine's Python imports pyspark. */
  hostPythonWorks(): Promise<boolean>;
}

export async function checkPlace(
  facts: CheckPlaceFacts,
): Promise<{ place: CheckPlace; why: string }> {
  // The generator in the all-in-Docker stack has no Docker CLI and no Spark of its own: the
  // stack's JupyterLab, whose kernel has the cluster, prints the same scorecard.
  if (facts.backendInUse === 'attached')
    throw new ServiceError(
      409,
      'check_in_notebook',
      "in the all-in-Docker stack, check in JupyterLab: Open starter notebook, then run the notebook's last cell, check(), which prints this scorecard with the cluster's Spark",
    );
  if (facts.backendInUse === 'docker')
    return { place: 'stack', why: 'Spark runs with the Docker backend' };
  if (facts.backendInUse === 'local')
    return { place: 'host', why: 'Spark runs with the local backend' };
  if (await facts.stackServesFolder())
    return { place: 'stack', why: 'the Spark stack of this data folder is running' };
  if (await facts.hostPythonWorks()) return { place: 'host', why: 'this Python has pyspark' };
  if (await facts.engineRunning())
    return { place: 'stack', why: 'Docker is running and this Python has no pyspark' };
  return { place: 'host', why: 'there is no Docker engine' };
}

/** Whether `python` imports pyspark (quickly: no JVM is started). */
export async function pythonHasPyspark(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await run(python, ['-c', 'import pyspark'], { env, timeoutMs: 30_000 });
  return result.code === 0;
}

export interface CheckChooserOptions extends StackCheckOptions {
  /** A configured Python for the host's checks (default: discovery's, python/host-python.ts). */
  python?: string;
  backendInUse: () => SparkBackendName | null;
  /** Told where each check runs and why (the CLI prints it). */
  onChoice?: (where: string, why: string) => void;
}

/** For the Course: the stack's check runner when a check should run there, else undefined. */
export function checkRunnerChooser(options: CheckChooserOptions) {
  const runner = stackCheckRunner(options);
  return async () => {
    const { place, why } = await checkPlace({
      backendInUse: options.backendInUse(),
      stackServesFolder: async () => {
        const found = await notebookContainer(options.env);
        return found?.running === true && sameFolder(found.data, options.dataDir);
      },
      engineRunning: async () => (await engineRunning(options.env)).running,
      hostPythonWorks: () =>
        options.python
          ? pythonHasPyspark(options.python, options.env)
          : hostCheckPython(undefined, options.env).then(
              () => true,
              () => false,
            ),
    });
    options.onChoice?.(
      place === 'stack'
        ? runner.where
        : `on this machine (${options.python ?? "discovery's Python"})`,
      why,
    );
    return place === 'stack' ? runner : undefined;
  };
}
