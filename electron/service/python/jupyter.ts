// JupyterLab on this machine (a notebook opened without Docker) runs from the app's own
// Python, which setup:python gives JupyterLab, ipykernel and pyspark: its kernel then finds
// the same pyspark as the local Spark and the checks.
import { ServiceError } from '../kernel/errors.ts';
import { currentManagedEnv } from './locations.ts';

export interface LocalJupyter {
  command: string;
  /** Put before JupyterLab's own arguments (`--notebook-dir`, `--port`, …). */
  args: string[];
  /** For the kernel: Spark's Python workers run the same interpreter. */
  env: NodeJS.ProcessEnv;
}

/** How to start JupyterLab without Docker, or a 409 with the way to get it. */
export function localJupyter(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): LocalJupyter {
  const managed = currentManagedEnv(env, platform);
  if (!managed)
    throw new ServiceError(
      409,
      'no_local_jupyter',
      "JupyterLab without Docker runs from the app's own Python: run npm run setup:python (or Set up Python in the Spark panel), or start Spark with Docker for its notebook service",
    );
  return {
    command: managed.python,
    args: ['-m', 'jupyterlab'],
    env: { ...env, PYSPARK_PYTHON: managed.python, PYSPARK_DRIVER_PYTHON: managed.python },
  };
}
