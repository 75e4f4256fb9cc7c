// The launcher behind `npm start` / `npm run serve` / `generate` (electron/run.mjs), on a copy
// of the repository as a fresh clone has it: no dist-server/, no built dashboard.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_MIN, nodeTooOld } from './node-version.mjs';
import { REPO_ROOT } from './testing/presets.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-run-'));
const clone = join(scratch, 'clone');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** The tracked files, as `git clone` gives them, with the installed node_modules. */
function freshClone(): void {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .stdout.split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // deleted in the working tree
    cpSync(join(REPO_ROOT, file), join(clone, file), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
}

/** `npm run serve` in the clone, until it prints its addresses. */
async function serveInClone(dataDir: string): Promise<{ output: string; url: string }> {
  const child = spawn(
    process.execPath,
    ['electron/run.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--paused'],
    { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no address within 120 s:\n${output}`)),
      120_000,
    );
    child.stdout?.on('data', () => {
      const m = /dashboard: (http:\/\/\S+)\//.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited:\n${output}`)));
  });
  return { output, url };
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise((resolve) => {
          child.on('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
}

describe('npm run serve on a fresh clone', () => {
  it('builds the service and the dashboard on first start, serves it, and rebuilds only what changed', async () => {
    freshClone();
    expect(existsSync(join(clone, 'dist-server'))).toBe(false);
    expect(existsSync(join(clone, 'renderer', 'dist'))).toBe(false);

    const first = await serveInClone(join(scratch, 'data1'));
    expect(first.output).toContain('Building the service');
    expect(first.output).toContain('Building the dashboard');
    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    await stopAll();

    // Nothing changed: nothing is built again.
    const second = await serveInClone(join(scratch, 'data2'));
    expect(second.output).not.toContain('Building');
    await stopAll();

    // A dashboard source newer than the build: the dashboard only.
    const app = join(clone, 'renderer', 'src', 'App.tsx');
    const later = new Date(statSync(join(clone, 'renderer', 'dist', 'index.html')).mtimeMs + 5_000);
    utimesSync(app, later, later);
    const third = await serveInClone(join(scratch, 'data3'));
    expect(third.output).toContain('Building the dashboard');
    expect(third.output).not.toContain('Building the service');
    await stopAll();
  }, 240_000);
});

describe('the Node version check', () => {
  it('accepts the supported line and newer, and says in one line what to do otherwise', () => {
    expect(nodeTooOld(`${NODE_MIN[0]}.${NODE_MIN[1]}.0`)).toBeUndefined();
    expect(nodeTooOld('24.1.0')).toBeUndefined();
    const old = nodeTooOld('20.20.2');
    expect(old).toContain('needs Node.js 22.13 or newer');
    expect(old).toContain('this is Node 20.20.2');
    expect(old).not.toContain('\n');
    expect(nodeTooOld('22.12.9')).toBeDefined();
  });

  it('stops npm start with that line, not a stack trace, on a Node that is too old', () => {
    // The machine's own Node where it is older (Debian's 20 here); skipped where none is.
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
      if (!existsSync(path)) return false;
      const v = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout;
      return nodeTooOld(v.trim()) !== undefined;
    });
    if (!old) {
      console.log('NOT RUN: no Node older than 22.13 on this machine');
      return;
    }
    const r = spawnSync(old, [join(REPO_ROOT, 'electron', 'run.mjs'), 'start'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('needs Node.js 22.13 or newer');
  });
});
