// The data-folder lock on its own, with real processes: refused at once while held, in this
// process or another, and free the moment its owner dies, even by SIGKILL.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finished } from '../../testing/cli.ts';
import { holdInChild } from '../../testing/folder-holder.ts';
import { REPO_ROOT } from '../../testing/presets.ts';
import { StoreError } from '../kernel/errors.ts';
import {
  DataDirInUseError,
  DataFolderLock,
  type FolderOwner,
  LOCK_FILE,
  OWNER_FILE,
  readOwner,
  refusalMessage,
} from './data-folder-lock.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(scratch, `d${n++}`);

function refusal(folder: string): DataDirInUseError {
  try {
    DataFolderLock.acquire(folder, { command: 'generate' }).release();
  } catch (err) {
    if (err instanceof DataDirInUseError) return err;
    throw err;
  }
  throw new Error(`${folder} was not refused`);
}

describe('the data-folder lock', () => {
  it('refuses a second writer in the same process at once, naming the first, until released', () => {
    const dir = freshDir();
    const first = DataFolderLock.acquire(dir, { command: 'serve', port: 18701 });
    const err = refusal(dir);
    expect(err.code).toBe('data_dir_in_use');
    expect(err.status).toBe(409);
    expect(err.message).toMatch(
      new RegExp(
        `^${dir.replaceAll('/', '\\/')} is being written by another generator \\(pid ${process.pid}, serve on port 18701, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); stop it, or use another --data-dir$`,
      ),
    );
    // A refused attempt does not loosen the first one's hold.
    expect(() => DataFolderLock.assertFree(dir, { command: 'serve' })).toThrow(DataDirInUseError);
    first.release();
    expect(existsSync(join(dir, OWNER_FILE))).toBe(false);
    const second = DataFolderLock.acquire(dir, { command: 'generate' });
    // The lock file only, no journal beside it, and the owner file.
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, OWNER_FILE].sort());
    second.release();
  });

  it('is refused while another process holds it, and free the moment that one is SIGKILLed', async () => {
    const dir = freshDir();
    const { child, done } = await holdInChild(dir, 'serve', 18702);
    const err = refusal(dir);
    expect(err.owner?.pid).toBe(child.pid);
    expect(err.message).toContain(`(pid ${child.pid}, serve on port 18702, since `);
    child.kill('SIGKILL');
    const ended = await done;
    expect(ended.signal).toBe('SIGKILL');
    // It could not clean up: its owner file is left, but names a dead process, so it is not
    // named; and the lock is free at the first attempt, no waiting, no stale-lock timeout.
    expect(existsSync(join(dir, OWNER_FILE))).toBe(true);
    expect(readOwner(dir)).toBeUndefined();
    const next = DataFolderLock.acquire(dir, { command: 'serve' });
    expect(readOwner(dir)?.pid).toBe(process.pid);
    next.release();
    // Node's warning about its experimental SQLite never reaches the user's terminal.
    expect(ended.stderr).toBe('');
  });

  it('stays held while its writer runs, even when nothing keeps the lock object', async () => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        import.meta.resolve('tsx'),
        join(REPO_ROOT, 'electron', 'testing', 'lock-after-gc.ts'),
        freshDir(),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result = await finished(child);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('data_dir_in_use\n');
  });

  it('updates the owner with what becomes known later (the port, once listening)', () => {
    const dir = freshDir();
    const lock = DataFolderLock.acquire(dir, { command: 'serve' });
    expect(readOwner(dir)?.port).toBeNull();
    lock.update({ port: 18703 });
    expect(readOwner(dir)).toMatchObject({ pid: process.pid, command: 'serve', port: 18703 });
    expect(refusal(dir).message).toContain('serve on port 18703');
    lock.release();
  });

  it('says what to do by what the owner is, and where it runs', () => {
    const owner: FolderOwner = {
      pid: 4321,
      command: 'generate',
      port: null,
      since: '2026-12-04T19:06:30Z',
      host: `not-${hostname()}`,
    };
    expect(refusalMessage('/d', owner, 'use another --data-dir')).toBe(
      `/d is being written by another generator (pid 4321 on host not-${hostname()}, generate, since 2026-12-04T19:06:30Z); wait for it to finish, or use another --data-dir`,
    );
    expect(refusalMessage('/d', { ...owner, command: 'exercise preparation' }, '')).toMatch(
      /exercise preparation, since 2026-12-04T19:06:30Z\); wait for it to finish$/,
    );
    // The owner file may not be written yet (or be unreadable): still one line.
    expect(refusalMessage('/d', undefined, 'choose another data folder')).toBe(
      '/d is being written by another generator; stop it, or choose another data folder',
    );
  });

  it('reports a folder it cannot make as unwritable, not as taken', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    let caught: unknown;
    try {
      DataFolderLock.acquire(join(file, 'data'), { command: 'serve' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('data_dir_unwritable');
  });
});
