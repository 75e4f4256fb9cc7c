// Windows lets Defender, the search indexer and OneDrive hold a file open for a moment after
// it is written; a rename over it then fails with EPERM, EACCES or EBUSY although a retry a
// few milliseconds later succeeds. Other errors (a full disk, a missing folder) fail at once.
import { renameSync } from 'node:fs';

const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Waits between attempts: 10, 20, 40, ... ms, about 2 s in all before giving up. */
export const RENAME_BACKOFF_MS: readonly number[] = [10, 20, 40, 80, 160, 320, 640, 730];

export interface RenameRetryOptions {
  rename?: (from: string, to: string) => void;
  sleep?: (ms: number) => void;
  backoffMs?: readonly number[];
}

/** Blocks this thread without spinning (the callers are synchronous commit paths). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function isTransientRenameError(err: unknown): boolean {
  return TRANSIENT.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** `renameSync`, retried with a short backoff while another program briefly holds the file. */
export function renameWithRetry(from: string, to: string, options: RenameRetryOptions = {}): void {
  const rename = options.rename ?? renameSync;
  const sleep = options.sleep ?? sleepSync;
  const backoff = options.backoffMs ?? RENAME_BACKOFF_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      rename(from, to);
      return;
    } catch (err) {
      const wait = backoff[attempt];
      if (wait === undefined || !isTransientRenameError(err)) throw err;
      sleep(wait);
    }
  }
}
