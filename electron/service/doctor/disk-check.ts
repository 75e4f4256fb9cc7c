// Free disk where the data folder is (or will be): below the generator's floor generation
// stops; below a few GB a Spark image pull or a lake can fill the disk.
import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DoctorCheck } from '../../../shared/api.ts';
import { floorFromEnv, MIN_FREE_ENV } from '../platform/free-space.ts';
import type { DoctorProbe } from './run-checks.ts';

/** Below this the check warns: room for the Spark image (about 1.5 GB) and a lake. */
export const ROOMY_BYTES = 4 * 1024 ** 3;

const size = (bytes: number) =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.floor(bytes / 1024 ** 2)} MiB`;

/** The folder itself, or its nearest existing parent (a data folder not made yet). */
function existing(dir: string): string {
  let here = dir;
  while (!existsSync(here) && dirname(here) !== here) here = dirname(here);
  return here;
}

export function diskCheck(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  freeBytes: (dir: string) => number = (dir) => {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  },
): DoctorCheck {
  const base = { id: 'disk', title: 'Free disk (data folder)' };
  let floor: number;
  try {
    floor = floorFromEnv(env);
  } catch (err) {
    return {
      ...base,
      status: 'problem',
      summary: (err as Error).message,
      fix: `fix ${MIN_FREE_ENV}`,
    };
  }
  const free = freeBytes(existing(dataDir));
  const where = `${size(free)} free for ${dataDir}`;
  if (floor > 0 && free < floor)
    return {
      ...base,
      status: 'problem',
      summary: `${where}, below the ${size(floor)} floor: generation stops there`,
      fix: `free some space on that disk, or choose a data folder on another disk (${MIN_FREE_ENV} sets the floor)`,
    };
  if (free < ROOMY_BYTES)
    return {
      ...base,
      status: 'warn',
      summary: `${where}: the Spark image and a lake may not fit`,
      fix: `free space there (${size(ROOMY_BYTES)} or more is comfortable), or choose a data folder on another disk`,
    };
  return { ...base, status: 'ok', summary: where };
}

export function diskProbe(dataDir: string, env: NodeJS.ProcessEnv): DoctorProbe {
  return {
    id: 'disk',
    title: 'Free disk (data folder)',
    run: async () => diskCheck(dataDir, env),
  };
}
