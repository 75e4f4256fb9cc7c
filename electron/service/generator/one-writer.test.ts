// Issue 22: one writer per data folder, as users meet it. A second serve, a generate, an
// exercise preparation on a folder another process writes are refused before they write
// anything; readers (answers, validate) go on; a SIGKILLed owner frees the folder at once.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectDocumented } from '../../testing/api-checks.ts';
import { runCli } from '../../testing/cli.ts';
import { holdInChild } from '../../testing/folder-holder.ts';
import { startInProcessApi } from '../../testing/in-process-api.ts';
import { presetConfig, REPO_ROOT } from '../../testing/presets.ts';
import { type Served, serve } from '../../testing/serve.ts';
import {
  DataDirInUseError,
  DataFolderLock,
  LOCK_FILE,
  OWNER_FILE,
} from '../platform/data-folder-lock.ts';
import { GeneratorService } from './generator-service.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-writer-'));
const servers: Served[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});
let n = 0;
const freshDir = () => join(scratch, `d${n++}`);

/** Every file under the folder with its content digest: what "wrote nothing" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const HOUR = ['--from', '2024-01-01T00:00:00Z', '--to', '2024-01-01T01:00:00Z'];
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('one writer per data folder, between processes', () => {
  it('refuses a second serve and a generate with exit 2 and one line naming the first, writing nothing; readers go on', async () => {
    const dir = freshDir();
    const made = await runCli(['generate', '--preset', 'small', '--data-dir', dir, ...HOUR]);
    expect(made.code, made.stderr).toBe(0);
    const first = await serve(['--data-dir', dir, '--paused']);
    servers.push(first);
    const before = snapshot(dir);
    const named = new RegExp(
      `^error: data_dir_in_use: ${esc(dir)} is being written by another generator \\(pid ${first.child.pid}, serve on port ${first.port}, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); stop it, or use another --data-dir\\n$`,
    );

    // Also on the first one's port: the folder's answer names it, not "port taken".
    for (const port of ['0', String(first.port)]) {
      const second = await runCli(['serve', '--port', port, '--data-dir', dir]);
      expect(second.code, second.stderr).toBe(2);
      expect(second.stderr).toMatch(named);
      expect(second.stdout).toBe('');
    }
    const generate = await runCli(['generate', '--preset', 'small', '--data-dir', dir, ...HOUR]);
    expect(generate.code).toBe(2);
    expect(generate.stderr).toMatch(named);

    // Readers take no lock.
    const answers = await runCli(['answers', '--data-dir', dir, '--out', join(scratch, 'key')]);
    expect(answers.code, answers.stderr).toBe(0);
    expect(answers.stdout).toMatch(/answer key of 4 driver batches/);
    const validate = await runCli(['validate', join(REPO_ROOT, 'presets', 'small.yaml')]);
    expect(validate.code, validate.stderr).toBe(0);

    expect(snapshot(dir)).toEqual(before);
    expect((await first.call('/api/health')).body.status).toBe('paused');

    // SIGKILLed: the OS frees the folder at once; the next serve starts at the first try.
    await first.stop('SIGKILL');
    const next = await serve(['--data-dir', dir, '--paused']);
    servers.push(next);
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toMatchObject({
      pid: next.child.pid,
      command: 'serve',
      port: next.port,
    });
    // Answering means past start-up, its signal handlers set (they follow the "listening" line).
    expect((await next.call('/api/health')).body.status).toBe('paused');
    const stopped = await next.stop();
    expect(stopped, next.output()).toEqual({ code: 0, signal: null });
    // Stopped cleanly: the folder is free, its owner file gone.
    expect(existsSync(join(dir, OWNER_FILE))).toBe(false);
    DataFolderLock.assertFree(dir, { command: 'generate' });
  });

  it('refuses `exercises prepare` while another process prepares the same exercise', async () => {
    const dataDir = freshDir();
    const folder = join(dataDir, 'exercises', '01-bronze');
    const holder = await holdInChild(folder, 'exercise preparation');
    const r = await runCli(['exercises', 'prepare', '01-bronze', '--data-dir', dataDir]);
    holder.child.kill('SIGKILL');
    await holder.done;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: data_dir_in_use: ${esc(folder)} is being written by another generator \\(pid ${holder.child.pid}, exercise preparation, since [^)]+\\); wait for it to finish\\n$`,
      ),
    );
    expect(readdirSync(folder).sort()).toEqual([LOCK_FILE, OWNER_FILE].sort());
  });
});

describe('one writer per data folder, in the service and over HTTP', () => {
  it('refuses a second GeneratorService on the same folder, until the first stops', async () => {
    const dir = freshDir();
    const options = {
      dataDir: dir,
      fallbackConfig: presetConfig('emulated-5s'),
      startPaused: true,
      workers: 1,
      durable: false,
    };
    const first = GeneratorService.start(options);
    let refused: unknown;
    try {
      GeneratorService.start(options);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as DataDirInUseError).message).toContain(`(pid ${process.pid}, serve, since `);
    await first.stop();
    const second = GeneratorService.start(options);
    await second.stop();
  });

  it('answers 409 data_dir_in_use to Prepare while another process prepares that exercise', async () => {
    const api = startInProcessApi({ preset: 'emulated-5s', startPaused: true });
    try {
      const folder = join(api.dir, 'exercises', '01-bronze');
      const holder = await holdInChild(folder, 'exercise preparation');
      const r = await api.call('/api/exercises/01-bronze/prepare', { method: 'POST' });
      holder.child.kill('SIGKILL');
      await holder.done;
      expect(r.status).toBe(409);
      expect(r.body).toEqual({
        error: 'data_dir_in_use',
        message: `${folder} is being written by another generator (pid ${holder.child.pid}, exercise preparation, since ${r.body.message.match(/since (\S+)\)/)?.[1]}); wait for it to finish`,
      });
      expect(existsSync(join(folder, 'raw'))).toBe(false);
      // Its owner gone, Prepare works.
      const again = await api.call('/api/exercises/01-bronze/prepare', { method: 'POST' });
      expect(again.status).toBe(200);
      expect(again.body.prepared).toBe(true);
      // The 409 is in the OpenAPI document, as every answer seen here.
      expectDocumented((await api.call('/api/openapi.json')).body, api.seen);
    } finally {
      await api.stop();
    }
  });

  it('keeps the lock through Clean: the folder stays taken', async () => {
    const api = startInProcessApi({ preset: 'emulated-5s', startPaused: true });
    try {
      // Some data to delete: resuming an empty folder makes its baseline at once.
      expect((await api.call('/api/resume', { method: 'POST' })).status).toBe(200);
      expect((await api.call('/api/pause', { method: 'POST' })).status).toBe(200);
      const cleaned = await api.call('/api/clean', { method: 'POST' });
      expect(cleaned.status).toBe(200);
      expect(cleaned.body.deleted_items).toContain('raw/companies.jsonl');
      expect(cleaned.body.deleted_items.join(' ')).not.toMatch(/writer/);
      expect(existsSync(join(api.dir, LOCK_FILE))).toBe(true);
      expect(existsSync(join(api.dir, OWNER_FILE))).toBe(true);
      expect(() => DataFolderLock.assertFree(api.dir, { command: 'generate' })).toThrow(
        DataDirInUseError,
      );
    } finally {
      await api.stop();
    }
  });
});
