// The compose stack sized to the Docker engine's memory. Its normal limits add up to about
// 6.5 GB (master 1.5, worker 3, notebook 2), while Docker Desktop's VM is often given 2–4 GB:
// a worker the engine cannot feed never gets an executor ("Initial job has not accepted any
// resources"). So a smaller engine gets the small size (a 1 GB worker), and one below the
// floor is refused before anything starts, naming the setting that fixes it.
import { ServiceError } from '../kernel/errors.ts';
import { run } from '../platform/processes.ts';

export interface StackSize {
  name: 'normal' | 'small';
  /** The worker's `--memory` (what its executors may use). */
  workerMemory: string;
  masterLimit: string;
  workerLimit: string;
  notebookLimit: string;
}

export const STACK_SIZES: Readonly<Record<StackSize['name'], StackSize>> = {
  normal: {
    name: 'normal',
    workerMemory: '2g',
    masterLimit: '1536M',
    workerLimit: '3G',
    notebookLimit: '2G',
  },
  small: {
    name: 'small',
    workerMemory: '1g',
    masterLimit: '1G',
    workerLimit: '2G',
    notebookLimit: '1536M',
  },
};

const GiB = 1024 ** 3;
/** What a person sets in Docker Desktop, and the least the engine then reports (the VM's
 *  kernel keeps a little: a 3 GB VM reports about 2.9 GiB). */
export const MEMORY_NEEDS = {
  normal: { setGiB: 6, leastBytes: 5.5 * GiB },
  floor: { setGiB: 3, leastBytes: 2.75 * GiB },
} as const;

export const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

export type SizeVerdict =
  | { ok: true; size: StackSize; memoryBytes: number | undefined }
  | { ok: false; memoryBytes: number; message: string };

/** The size for an engine with `memoryBytes` (unknown: normal, as before this check). */
export function sizeForMemory(memoryBytes: number | undefined): SizeVerdict {
  if (memoryBytes === undefined || memoryBytes >= MEMORY_NEEDS.normal.leastBytes)
    return { ok: true, size: STACK_SIZES.normal, memoryBytes };
  if (memoryBytes >= MEMORY_NEEDS.floor.leastBytes)
    return { ok: true, size: STACK_SIZES.small, memoryBytes };
  return {
    ok: false,
    memoryBytes,
    message: `the Docker engine has ${gib(memoryBytes)} of memory; the Spark stack needs at least ${MEMORY_NEEDS.floor.setGiB} GiB (${MEMORY_NEEDS.normal.setGiB} GiB for its normal size): give Docker more in Docker Desktop's Settings → Resources → Memory, then Start Spark again`,
  };
}

/** The engine's memory (`docker info` MemTotal), or undefined when it does not say. */
export async function engineMemory(
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const info = await run('docker', ['info', '--format', '{{json .}}'], {
    env,
    timeoutMs: 15_000,
    signal,
  });
  if (info.code !== 0) return undefined;
  try {
    const total = (JSON.parse(info.stdout) as { MemTotal?: unknown }).MemTotal;
    return typeof total === 'number' && total > 0 ? total : undefined;
  } catch {
    return undefined;
  }
}

/** The size Start Spark uses with Docker, or the 409 that refuses it. */
export async function stackSizeForEngine(env: NodeJS.ProcessEnv): Promise<StackSize> {
  const verdict = sizeForMemory(await engineMemory(env));
  if (!verdict.ok) throw new ServiceError(409, 'engine_memory_low', verdict.message);
  return verdict.size;
}

/** The compose file's sizing variables. */
export function sizeEnv(size: StackSize): Record<string, string> {
  return {
    SPARK_EXPERIMENTS_WORKER_MEMORY: size.workerMemory,
    SPARK_EXPERIMENTS_MASTER_LIMIT: size.masterLimit,
    SPARK_EXPERIMENTS_WORKER_LIMIT: size.workerLimit,
    SPARK_EXPERIMENTS_NOTEBOOK_LIMIT: size.notebookLimit,
  };
}
