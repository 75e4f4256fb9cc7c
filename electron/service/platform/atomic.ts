// Writes that are never seen half-done: temp file in the same folder, then rename.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { renameWithRetry } from './rename-retry.ts';

export function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    offset += writeSync(fd, data, offset, data.length - offset);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, durable = true): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, bytes);
    if (durable) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameWithRetry(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown, durable = true): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, durable);
}

/** Appends with one write call (looping only on a short write). */
export function appendBytes(path: string, data: Uint8Array, durable: boolean): void {
  const fd = openSync(path, 'a');
  const size = fstatSync(fd).size;
  try {
    writeAll(fd, data);
    if (durable) fsyncSync(fd);
  } catch (err) {
    // All or nothing: a torn append (a full disk) is cut off, so a retry starts clean.
    try {
      ftruncateSync(fd, size);
    } catch {
      // the repair at the next start cuts it then
    }
    throw err;
  } finally {
    closeSync(fd);
  }
}
