// One writer per data folder. Two generators appending to the same companies.jsonl break the
// dataset's byte-identity, so every writer (serve, the desktop app, `generate`, exercise
// preparation) holds an exclusive OS lock on <folder>/.writer.lock while it may write.
//
// The lock is SQLite's own file lock on that file (fcntl on Linux and macOS, LockFileEx on
// Windows), through Node's built-in node:sqlite: no native module, and the operating system
// drops it when the process dies, however it dies, so there is never a stale lock to clear.
// Beside it, .writer.json names the owner for the refusal message; the lock is the truth, the
// JSON only information. Both sit at the folder's root, where Clean never deletes.
//
// POSIX caveat: closing any descriptor of .writer.lock in the owning process drops its fcntl
// locks, so nothing else may open that file (nothing in the service reads the folder's root).
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { diskFullMessage, isDiskFull, ServiceError, StoreError } from '../kernel/errors.ts';
import { makeDirs } from './dirs.ts';
import { quietSqlite } from './quiet-sqlite.ts';

export const LOCK_FILE = '.writer.lock';
export const OWNER_FILE = '.writer.json';

/** Who writes a folder: what .writer.json holds. */
export interface FolderOwner {
  pid: number;
  /** What writes: `serve`, `generate`, `the desktop app`, `exercise preparation`, … */
  command: string;
  port: number | null;
  since: string;
  host: string;
}

/** Another process writes that folder: refused before anything is written. */
export class DataDirInUseError extends ServiceError {
  constructor(
    readonly dir: string,
    readonly owner: FolderOwner | undefined,
    otherwise: string,
  ) {
    super(409, 'data_dir_in_use', refusalMessage(dir, owner, otherwise));
  }
}

/** `… is being written by another generator (pid 1234, serve on port 18701, since …); …`. */
export function refusalMessage(
  dir: string,
  owner: FolderOwner | undefined,
  otherwise: string,
): string {
  const or = otherwise ? `, or ${otherwise}` : '';
  if (!owner) return `${dir} is being written by another generator; stop it${or}`;
  const where = owner.host === hostname() ? '' : ` on host ${owner.host}`;
  const port = owner.port === null ? '' : ` on port ${owner.port}`;
  // A generate or a preparation ends by itself; a server runs until stopped.
  const ends = /generate|preparation/.test(owner.command);
  return `${dir} is being written by another generator (pid ${owner.pid}${where}, ${owner.command}${port}, since ${owner.since}); ${ends ? 'wait for it to finish' : 'stop it'}${or}`;
}

export interface LockOptions {
  command: string;
  port?: number | null;
  /** The refusal's other way out, as the user would act (default `use another --data-dir`). */
  otherwise?: string;
  /** The owner's start time (default now). */
  since?: Date;
}

/**
 * Every lock held, until released: a collected SQLite connection closes itself and would free
 * the folder while its writer still writes.
 */
const held = new Set<DataFolderLock>();

export class DataFolderLock {
  private released = false;

  private constructor(
    readonly dir: string,
    private readonly db: DatabaseSync,
    private owner: FolderOwner,
  ) {}

  /**
   * Takes the folder (making it if needed) or throws DataDirInUseError naming the owner. Never
   * waits: a held lock is refused at once.
   */
  static acquire(folder: string, options: LockOptions): DataFolderLock {
    const dir = resolve(folder);
    const db = DataFolderLock.take(dir, options);
    const owner: FolderOwner = {
      pid: process.pid,
      command: options.command,
      port: options.port ?? null,
      since: isoSeconds(options.since ?? new Date()),
      host: hostname(),
    };
    const lock = new DataFolderLock(dir, db, owner);
    held.add(lock);
    lock.writeOwner();
    return lock;
  }

  /**
   * Throws DataDirInUseError when another process (or another service here) writes the
   * folder; writes nothing but the (empty) lock file.
   */
  static assertFree(folder: string, options: LockOptions): void {
    DataFolderLock.take(resolve(folder), options).close();
  }

  private static take(dir: string, options: LockOptions): DatabaseSync {
    const otherwise = options.otherwise ?? 'use another --data-dir';
    try {
      makeDirs(dir);
    } catch (err) {
      throw unwritable(dir, err);
    }
    const { DatabaseSync } = quietSqlite();
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(join(dir, LOCK_FILE));
    } catch (err) {
      throw unwritable(dir, err);
    }
    try {
      // No journal file beside it; the lock stays until the connection closes.
      db.exec('PRAGMA journal_mode=OFF');
      db.exec('PRAGMA locking_mode=EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if (isBusy(err)) throw new DataDirInUseError(dir, readOwner(dir), otherwise);
      throw unwritable(dir, err);
    }
    return db;
  }

  /** Adds what became known after taking the lock (the port, once listening). */
  update(change: Partial<Pick<FolderOwner, 'command' | 'port'>>): void {
    if (this.released) return;
    this.owner = { ...this.owner, ...change };
    this.writeOwner();
  }

  /** Frees the folder: the owner file first, so it never names the next owner wrongly. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    rmSync(join(this.dir, OWNER_FILE), { force: true });
    this.db.close();
  }

  /**
   * Best effort: the file only informs a refused process. On a full disk it must not stop the
   * writer before the writer clears its own leftovers (which may free the space).
   */
  private writeOwner(): void {
    const temp = join(this.dir, `${OWNER_FILE}.${process.pid}.tmp`);
    try {
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, `${JSON.stringify(this.owner, null, 2)}\n`);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(this.dir, OWNER_FILE));
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

/**
 * The owner the file names, if it can be read and (on this host) its process is alive: a
 * process killed before it cleaned up leaves a file that must not be named as the writer.
 */
export function readOwner(dir: string): FolderOwner | undefined {
  let owner: FolderOwner;
  try {
    owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as FolderOwner;
  } catch {
    return undefined;
  }
  if (typeof owner?.pid !== 'number' || typeof owner.command !== 'string') return undefined;
  if (owner.host === hostname() && !processAlive(owner.pid)) return undefined;
  return owner;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { errcode?: number }).errcode;
  // SQLITE_BUSY (5) from another process; SQLITE_LOCKED (6) is the same-process form.
  return code === 5 || code === 6;
}

function unwritable(dir: string, err: unknown): StoreError {
  if (isDiskFull(err)) return new StoreError('disk_full', diskFullMessage(dir));
  const e = err as NodeJS.ErrnoException & { errstr?: string };
  return new StoreError(
    'data_dir_unwritable',
    `data dir ${dir} is not writable (${e.code === 'ERR_SQLITE_ERROR' ? (e.errstr ?? e.message) : (e.code ?? String(err))}); choose another with --data-dir`,
  );
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
