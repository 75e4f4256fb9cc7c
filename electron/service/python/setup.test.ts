// The app-managed Python for real: a venv made by the machine's python3, a small local wheel
// installed by pip in it (no network), the second run up to date, and failed or interrupted
// set-ups that leave the environment in use as it was. The pinned pyspark set itself is
// installed by setup-pyspark.test.ts, opt-in (it downloads ~320 MB).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyWheels } from '../../testing/python-standins.ts';
import { resolvePython } from './discovery.ts';
import { currentManagedEnv, MANAGED_DIR_VARIABLE } from './locations.ts';
import { type SetupStep, setUpManagedPython } from './setup.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Two versions of a one-module package, as wheels in a folder pip installs from offline.
const wheels = tinyWheels(join(scratch, 'wheels'));

const root = join(scratch, 'managed');
const env = { ...process.env, [MANAGED_DIR_VARIABLE]: root, SPARK_EXPERIMENTS_PYTHON: '' };
const offline = { env, pip: null, pipArgs: ['--no-index', '--find-links', wheels] } as const;

function envsOnDisk(): string[] {
  return existsSync(join(root, 'envs')) ? readdirSync(join(root, 'envs')) : [];
}

function tinyVersion(python: string): string {
  return execFileSync(python, ['-c', 'import tinypkg; print(tinypkg.VERSION)'], {
    encoding: 'utf8',
  }).trim();
}

describe('setUpManagedPython', () => {
  it('makes a venv with the pins, counting its steps, and discovery takes it first', async () => {
    const steps: SetupStep[] = [];
    const lines: string[] = [];
    const result = await setUpManagedPython({
      ...offline,
      pins: ['tinypkg==1.0'],
      onStep: (s) => steps.push(s),
      onLine: (l) => lines.push(l),
    });
    expect(result.state).toBe('created');
    expect(steps.map((s) => `${s.step}/${s.steps} ${s.title.split(' ')[0]}`)).toEqual([
      '1/6 Checking',
      '2/6 Looking',
      '3/6 Making',
      '4/6 Installing',
      '5/6 Checking',
      '6/6 Switching',
    ]);
    expect(lines).toContain('Successfully installed tinypkg-1.0');
    expect(tinyVersion(result.python)).toBe('1.0');
    const current = currentManagedEnv(env, process.platform);
    expect(current?.python).toBe(result.python);
    expect(current?.env.pins).toEqual(['tinypkg==1.0']);
    const found = await resolvePython({ env });
    expect(found.found).toMatchObject({ source: 'managed', command: result.python });
  }, 120_000);

  it('says a second run with the same pins is up to date, at once', async () => {
    const before = envsOnDisk();
    const steps: SetupStep[] = [];
    const started = Date.now();
    const result = await setUpManagedPython({
      ...offline,
      pins: ['tinypkg==1.0'],
      onStep: (s) => steps.push(s),
    });
    expect(result.state).toBe('up_to_date');
    expect(result.message).toMatch(/^The app's Python is up to date \(tinypkg==1\.0\)/);
    expect(steps).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(envsOnDisk()).toEqual(before);
  });

  it('leaves the environment in use working when pip fails, and says what failed', async () => {
    const before = readFileSync(join(root, 'current.json'), 'utf8');
    const python = currentManagedEnv(env, process.platform)?.python as string;
    const err = await setUpManagedPython({ ...offline, pins: ['tinypkg==9.9'] }).catch(
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err).toMatchObject({ code: 'python_setup_failed' });
    expect(err.message).toMatch(
      /^Installing tinypkg==9\.9 failed: .*No matching distribution found for tinypkg==9\.9\. The app’s Python in use is unchanged\.$/,
    );
    expect(readFileSync(join(root, 'current.json'), 'utf8')).toBe(before);
    expect(envsOnDisk()).toHaveLength(1);
    expect(tinyVersion(python)).toBe('1.0');
  }, 120_000);

  it('leaves the environment in use working when interrupted mid-install', async () => {
    const before = readFileSync(join(root, 'current.json'), 'utf8');
    const stop = new AbortController();
    let installing = false;
    const err = await setUpManagedPython({
      ...offline,
      pins: ['tinypkg==1.1'],
      signal: stop.signal,
      onStep: (s) => {
        installing = s.title.startsWith('Installing');
      },
      // pip's first line of the install: stop it there.
      onLine: () => {
        if (installing) stop.abort();
      },
    }).catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: 'python_setup_interrupted' });
    expect(err.message).toMatch(/^Installing tinypkg==1\.1 failed: interrupted\./);
    expect(readFileSync(join(root, 'current.json'), 'utf8')).toBe(before);
    expect(envsOnDisk()).toHaveLength(1);
  }, 120_000);

  it('replaces the environment when the pins change, removing the old one and any leftovers', async () => {
    const old = currentManagedEnv(env, process.platform);
    // A set-up killed before it finished left this behind.
    mkdirSync(join(root, 'envs', 'killed-midway', 'bin'), { recursive: true });
    const result = await setUpManagedPython({ ...offline, pins: ['tinypkg==1.1'] });
    expect(result.state).toBe('created');
    expect(tinyVersion(result.python)).toBe('1.1');
    expect(envsOnDisk()).toEqual([currentManagedEnv(env, process.platform)?.env.id]);
    expect(existsSync(old?.dir as string)).toBe(false);
  }, 120_000);

  it('refuses a second set-up while one runs, and names a missing base Python', async () => {
    const running = setUpManagedPython({ ...offline, pins: ['tinypkg==1.0'] });
    const err = await setUpManagedPython({ ...offline, pins: ['tinypkg==1.0'] }).catch(
      (e: unknown) => e,
    );
    await running;
    expect(err).toMatchObject({ code: 'python_setup_running' });
    const none = await setUpManagedPython({
      env: { PATH: join(scratch, 'no-bin'), [MANAGED_DIR_VARIABLE]: join(scratch, 'other') },
      pip: null,
    }).catch((e: unknown) => e);
    expect(none).toMatchObject({
      code: 'no_base_python',
      message: expect.stringMatching(
        /^no Python 3 found \(python3: not on PATH; python: not on PATH\)/,
      ),
    });
  }, 120_000);
});
