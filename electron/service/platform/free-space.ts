// The free-space floor: live generation stops while the data folder's disk has less than this
// free, before the disk is full (a full disk also stops other programs). One statfs per
// scheduler tick, not per line. The scheduler's retry picks it up again once space is back.
import { statfsSync } from 'node:fs';
import { CodedError } from '../kernel/errors.ts';

/** 256 MiB: a few minutes of the largest allowed rate, and room for the rest of the system. */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;

/** Sets the floor for `serve` and the desktop app, in MB (0 turns the check off). */
export const MIN_FREE_ENV = 'SPARK_EXPERIMENTS_MIN_FREE_MB';

export class DiskLowError extends CodedError {}

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;

/** Throws disk_low when the disk holding `dir` has less than `floorBytes` free. */
export function ensureFreeSpace(dir: string, floorBytes: number): void {
  if (floorBytes <= 0) return;
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free >= floorBytes) return;
  throw new DiskLowError(
    'disk_low',
    `the disk holding ${dir} has ${mb(free)} free, below the ${mb(floorBytes)} floor: generation is stopped until space is freed there (it resumes by itself); ${MIN_FREE_ENV} sets the floor`,
  );
}

/** The floor from the environment, or the default; a malformed value is an error. */
export function floorFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[MIN_FREE_ENV];
  if (text === undefined || text === '') return DEFAULT_MIN_FREE_BYTES;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new CodedError(
      'bad_min_free',
      `${MIN_FREE_ENV} (${text}) must be a number of MB >= 0, e.g. ${MIN_FREE_ENV}=256`,
    );
  return Math.floor(value * 1024 * 1024);
}
