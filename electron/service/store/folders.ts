// The data folder's own housekeeping: making it (and proving it writable) before anything
// else, removing what an interrupted run left behind, and Clean's deletion of everything
// generated. Report paths are relative to the data folder.
import { accessSync, constants, lstatSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { parseBatchId } from '../../engine/format.ts';
import { diskFullMessage, isDiskFull, StoreError } from '../kernel/errors.ts';
import type { Logger } from '../logs/logger.ts';
import { writeFileAtomic } from '../platform/atomic.ts';
import { makeDirs } from '../platform/dirs.ts';
import { type DataPaths, dataRelative, TEMP_BATCH_PREFIX } from './paths.ts';

/**
 * Makes the folders, removes what an interrupted run left (before the write probe: on a full
 * disk those leftovers may hold the very space the probe needs), then proves it writable.
 */
export function prepareFolders(p: DataPaths, log: Logger): void {
  const refuse = (err: unknown) => {
    if (isDiskFull(err)) return new StoreError('disk_full', diskFullMessage(p.root));
    return new StoreError(
      'data_dir_unwritable',
      `data dir ${p.root} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)}); choose another with --data-dir`,
    );
  };
  try {
    for (const dir of [p.root, p.raw, p.events, p.manifests]) makeDirs(dir);
  } catch (err) {
    throw refuse(err);
  }
  removeLeftoverTemps(p, log);
  try {
    accessSync(p.manifests, constants.W_OK);
    writeFileAtomic(join(p.manifests, '.write-probe'), 'ok', false);
    rmSync(join(p.manifests, '.write-probe'), { force: true });
  } catch (err) {
    throw refuse(err);
  }
}

/** Unfinished batch folders and temp files of an interrupted run: never visible, now gone. */
export function removeLeftoverTemps(p: DataPaths, log: Logger): void {
  for (const name of readdirSync(p.events)) {
    if (name.startsWith(TEMP_BATCH_PREFIX)) {
      rmSync(join(p.events, name), { recursive: true, force: true });
      log.warn('removed an unfinished batch folder left by an interrupted run', { folder: name });
    }
  }
  for (const dir of [p.manifests, p.raw]) {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    }
  }
}

/** What the generator writes directly in raw/ and manifests/ (manifests/logs is kept). */
const KNOWN_RAW = new Set(['companies.jsonl', '_companies_quality.jsonl']);
const KNOWN_MANIFESTS = new Set([
  'generator_state.json',
  'seed_manifest.json',
  'batch_manifest.json',
  'dataset.md',
  '.write-probe',
]);
const isTempFile = (name: string) => name.startsWith('.') && name.endsWith('.tmp');
const isBatchFolder = (name: string) =>
  parseBatchId(name) !== undefined || name.startsWith(TEMP_BATCH_PREFIX);

/**
 * Clean: deletes the raw data, the manifests but the logs, and the lake; only the names the
 * generator writes (any entry of the lake, which Spark fills). A folder that is a symbolic
 * link (`raw/events` -> elsewhere) is not followed: deleting through it would delete outside
 * the data folder. It is reported as an error and left alone.
 */
export function deleteGenerated(p: DataPaths): { deleted: string[]; errors: string[] } {
  const deleted: string[] = [];
  const errors: string[] = [];
  const remove = (path: string) => {
    try {
      // rmSync removes a symbolic link itself, never what it points to.
      rmSync(path, { recursive: true, force: true });
      deleted.push(dataRelative(p, path));
    } catch (err) {
      // The system's message names the absolute path; say it relative, like everything else.
      const message = (err as Error).message.replaceAll(`${p.root}${sep}`, '');
      errors.push(`${dataRelative(p, path)}: ${message}`);
    }
  };
  const list = (dir: string): string[] => {
    let stat: Stats;
    try {
      stat = lstatSync(dir);
    } catch {
      return [];
    }
    if (stat.isDirectory()) return readdirSync(dir);
    errors.push(
      `${dataRelative(p, dir)}: is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}; not followed (remove it yourself)`,
    );
    return [];
  };
  const raw = list(p.raw);
  if (raw.includes('events'))
    for (const name of list(p.events)) {
      if (isBatchFolder(name)) remove(join(p.events, name));
    }
  for (const name of raw) if (KNOWN_RAW.has(name) || isTempFile(name)) remove(join(p.raw, name));
  for (const name of list(p.manifests))
    if (KNOWN_MANIFESTS.has(name) || isTempFile(name)) remove(join(p.manifests, name));
  for (const name of list(p.lake)) remove(join(p.lake, name));
  return { deleted, errors };
}
