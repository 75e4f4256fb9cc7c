import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEntryPoint, pathFrom } from '../entry-point.ts';
import { REPO_ROOT } from '../testing/presets.ts';
import { buildDashboard } from './build-ui.ts';

// A checkout in a folder whose name has a space (`C:\Users\Ada Lovelace\…` on Windows):
// the build scripts must find their sources and know they are the script being run.
describe('build scripts in a folder with a space in its name', () => {
  let base: string;
  let repo: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'build paths '));
    repo = join(base, 'Spark Experiments');
    mkdirSync(repo);
    for (const name of ['electron', 'shared', 'package.json', 'tsconfig.json'])
      cpSync(join(REPO_ROOT, name), join(repo, name), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8' });

  it('build:app bundles the desktop app into dist-electron/', () => {
    const result = run(join(repo, 'electron', 'app', 'build.ts'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of ['main.mjs', 'preload.cjs', 'batch-worker.mjs'])
      expect(existsSync(join(repo, 'dist-electron', file))).toBe(true);
  }, 120_000);

  it('build-server bundles the service into dist-server/', () => {
    const result = run(join(repo, 'electron', 'build-server.ts'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of ['cli.mjs', 'batch-worker.mjs'])
      expect(existsSync(join(repo, 'dist-server', file))).toBe(true);
  }, 120_000);
});

describe('entry-point paths', () => {
  it('turns a file URL with %20 into the path with its space', () => {
    const url = pathToFileURL('/tmp/Ada Lovelace/repo/electron/app/build.ts').href;
    expect(url).toContain('%20');
    expect(pathFrom(url, '../..')).toBe(join('/tmp/Ada Lovelace/repo', '/'));
  });

  it('knows the script Node was started with, and only it', () => {
    const self = join(REPO_ROOT, 'electron', 'entry-point.ts');
    const url = pathToFileURL(self).href;
    expect(isEntryPoint(url, self)).toBe(true);
    expect(isEntryPoint(url, join(REPO_ROOT, 'electron', 'run.mjs'))).toBe(false);
    expect(isEntryPoint(url, undefined)).toBe(false);
  });
});

describe('the dashboard build of npm start', () => {
  it('needs no npm on the PATH (npm is npm.cmd on Windows, which spawn cannot run bare)', () => {
    const out = mkdtempSync(join(tmpdir(), 'dashboard build '));
    try {
      const env = { ...process.env, PATH: '' };
      expect(buildDashboard(REPO_ROOT, { env, outDir: out })).toBe(0);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
