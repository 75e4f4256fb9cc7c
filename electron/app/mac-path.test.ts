import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { completeMacPath, desktopPath, readLoginShellPath } from './mac-path.ts';

const FINDER_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const HOME = '/Users/ada';
const everything = () => true;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mac-path-'));
  dirs.push(dir);
  return dir;
}

describe('the desktop app PATH on macOS', () => {
  it('adds the Docker and Homebrew folders after what Finder gave, those that exist only', () => {
    const path = desktopPath({
      platform: 'darwin',
      path: FINDER_PATH,
      home: HOME,
      exists: (folder) => folder !== '/opt/homebrew/bin',
    });
    expect(path).toBe(
      `${FINDER_PATH}:/usr/local/bin:/Users/ada/.docker/bin:/Applications/Docker.app/Contents/Resources/bin`,
    );
  });

  it('puts the login shell PATH before the known folders, without duplicates', () => {
    const path = desktopPath({
      platform: 'darwin',
      path: FINDER_PATH,
      home: HOME,
      exists: everything,
      loginShellPath: '/Users/ada/.pyenv/shims:/opt/homebrew/bin:/usr/bin:/bin',
    });
    expect(path?.split(':')).toEqual([
      '/usr/bin',
      '/bin',
      '/usr/sbin',
      '/sbin',
      '/Users/ada/.pyenv/shims',
      '/opt/homebrew/bin',
      '/usr/local/bin',
      '/Users/ada/.docker/bin',
      '/Applications/Docker.app/Contents/Resources/bin',
    ]);
  });

  it('leaves PATH alone when it has everything already, and on other systems', () => {
    const full = `${FINDER_PATH}:/usr/local/bin:/opt/homebrew/bin`;
    const onlyThese = (f: string) => full.split(':').includes(f);
    expect(desktopPath({ platform: 'darwin', path: full, home: HOME, exists: onlyThese })).toBe(
      undefined,
    );
    for (const platform of ['linux', 'win32'] as const)
      expect(desktopPath({ platform, path: FINDER_PATH, home: HOME, exists: everything })).toBe(
        undefined,
      );
  });

  it('reads PATH from a real login shell, skipping what its start-up files print', async () => {
    const home = tempDir();
    writeFileSync(
      join(home, '.profile'),
      'echo "welcome back"\nexport PATH="/opt/from-profile/bin:$PATH"\n',
    );
    const path = await readLoginShellPath({
      shell: '/bin/sh',
      env: { HOME: home, PATH: FINDER_PATH, ENV: '' },
      timeoutMs: 10_000,
    });
    expect(path?.split(':')[0]).toBe('/opt/from-profile/bin');
    expect(path).toContain('/usr/bin');
  });

  it('gives up on a login shell that hangs, within its timeout', async () => {
    const shell = join(tempDir(), 'slow-shell');
    writeFileSync(shell, '#!/bin/sh\nsleep 30\n');
    chmodSync(shell, 0o755);
    const started = Date.now();
    const path = await readLoginShellPath({ shell, env: { PATH: FINDER_PATH }, timeoutMs: 300 });
    expect(path).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('completes the environment in place on darwin only', async () => {
    const home = tempDir();
    const exists = (folder: string) => folder === join(home, '.docker', 'bin');
    const mac: NodeJS.ProcessEnv = { PATH: FINDER_PATH, SHELL: '/nonexistent/shell' };
    await completeMacPath({ platform: 'darwin', env: mac, home, exists });
    expect(mac.PATH).toBe(`${FINDER_PATH}:${join(home, '.docker', 'bin')}`);
    const linux: NodeJS.ProcessEnv = { PATH: FINDER_PATH, SHELL: '/nonexistent/shell' };
    await completeMacPath({ platform: 'linux', env: linux, home, exists });
    expect(linux.PATH).toBe(FINDER_PATH);
  });
});
