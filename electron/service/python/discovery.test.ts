// Python discovery on each platform branch, with the platform injected and stand-in
// interpreters on PATH that answer the probe and record their calls.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callsOf, standInPython, standInStoreAlias } from '../../testing/python-standins.ts';
import { describePython, PYTHON_VARIABLE, resolvePython } from './discovery.ts';
import { MANAGED_DIR_VARIABLE, venvPython } from './locations.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-discovery-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
/** A fresh folder for one test's PATH, and an empty managed-Python home. */
function place() {
  const dir = join(scratch, String(++n));
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  return { dir, bin, env: { PATH: bin, [MANAGED_DIR_VARIABLE]: join(dir, 'managed') } };
}

describe('resolvePython', () => {
  it('takes python3 first on Linux and macOS', async () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { bin, env } = place();
      const python3 = standInPython(bin, 'python3');
      const python = standInPython(bin, 'python');
      const { found } = await resolvePython({ env, platform });
      expect(found?.source).toBe('python3');
      expect(found?.command).toBe(python3);
      expect(callsOf(python)).toEqual([]);
    }
  });

  it('falls back to python when there is no python3, and never tries py off Windows', async () => {
    const { bin, env } = place();
    const py = standInPython(bin, 'py');
    standInPython(bin, 'python', { version: '3.12.1' });
    const search = await resolvePython({ env, platform: 'darwin' });
    expect(search.found?.source).toBe('python');
    expect(search.found?.version).toBe('3.12.1');
    expect(search.passed).toEqual(['python3: not on PATH']);
    expect(callsOf(py)).toEqual([]);
  });

  it('on Windows runs the py launcher with -3 when there is no python3.exe', async () => {
    const { bin, env } = place();
    const py = standInPython(bin, 'py.exe');
    const python = standInPython(bin, 'python.exe');
    const search = await resolvePython({ env, platform: 'win32' });
    expect(search.found).toMatchObject({ source: 'py -3', command: py, args: ['-3'] });
    expect(callsOf(py)).toEqual(['py.exe -3']);
    expect(callsOf(python)).toEqual([]);
    expect(search.passed).toEqual(['python3: not on PATH']);
  });

  it("on Windows passes over the Microsoft Store's alias and says what it is", async () => {
    const { dir, env } = place();
    const apps = join(dir, 'Microsoft', 'WindowsApps');
    const alias = standInStoreAlias(apps, 'python3.exe');
    standInStoreAlias(apps, 'python.exe');
    const py = standInPython(join(dir, 'Python'), 'py.exe');
    const search = await resolvePython({
      env: {
        [MANAGED_DIR_VARIABLE]: env[MANAGED_DIR_VARIABLE],
        Path: `${apps};${join(dir, 'Python')}`,
      },
      platform: 'win32',
    });
    expect(callsOf(alias)).toHaveLength(1);
    expect(search.found?.command).toBe(py);
    expect(search.passed[0]).toBe(
      `python3 (${alias}) is the Microsoft Store's app alias, not an installed Python (install Python 3.11 from python.org, or turn the alias off in Settings > Apps > Advanced app settings > App execution aliases)`,
    );
  });

  it('says so when only the Store alias is there', async () => {
    const { bin, env } = place();
    standInStoreAlias(bin, 'python.exe');
    const search = await resolvePython({ env, platform: 'win32' });
    expect(search.found).toBeUndefined();
    expect(search.passed).toEqual([
      'python3: not on PATH',
      'py -3: not on PATH',
      expect.stringMatching(/^python \(.*python\.exe\) is the Microsoft Store's app alias/),
    ]);
  });

  it('puts a configured interpreter ahead of everything, and the managed venv ahead of PATH', async () => {
    const { dir, bin, env } = place();
    standInPython(bin, 'python3');
    const managedRoot = env[MANAGED_DIR_VARIABLE];
    const managedVenv = join(managedRoot, 'envs', 'abc');
    const managed = venvPython(managedVenv, 'linux');
    standInPython(join(managedVenv, 'bin'), 'python');
    writeFileSync(
      join(managedRoot, 'current.json'),
      JSON.stringify({ id: 'abc', pins: [], base: '/usr/bin/python3', created_at: '' }),
    );
    expect((await resolvePython({ env, platform: 'linux' })).found?.command).toBe(managed);
    const configured = standInPython(join(dir, 'elsewhere'), 'my-python');
    const withVariable = { ...env, [PYTHON_VARIABLE]: configured };
    expect((await resolvePython({ env: withVariable, platform: 'linux' })).found).toMatchObject({
      source: 'configured',
      command: configured,
    });
    // setup:python looks for a base interpreter: the venv is not one.
    expect((await resolvePython({ env, platform: 'linux', skipManaged: true })).found?.source).toBe(
      'python3',
    );
  });

  it('names a configured interpreter that does not exist and goes on', async () => {
    const { bin, env } = place();
    standInPython(bin, 'python3');
    const search = await resolvePython({
      env: { ...env, [PYTHON_VARIABLE]: '/nowhere/python' },
      platform: 'linux',
    });
    expect(search.found?.source).toBe('python3');
    expect(search.passed).toEqual([`${PYTHON_VARIABLE}=/nowhere/python: no such program`]);
  });

  it('goes on to an interpreter with pyspark when asked, and says what the first lacks', async () => {
    const { bin, env } = place();
    standInPython(bin, 'python3', { pyspark: null });
    standInPython(bin, 'python', { pyspark: '3.5.8' });
    const search = await resolvePython({ env, platform: 'linux', wantPyspark: true });
    expect(search.found?.source).toBe('python');
    expect(search.passed).toEqual([`python3 (${join(bin, 'python3')}) has no pyspark`]);
    const first = (await resolvePython({ env, platform: 'linux' })).found;
    if (!first) throw new Error('python3 not found');
    expect(describePython(first)).toBe(
      `python3 (${join(bin, 'python3')}): Python 3.11.7, without pyspark 3.5.8`,
    );
  });

  it('says when the Python is too old or its pyspark is another version', async () => {
    const { bin, env } = place();
    standInPython(bin, 'python3', { version: '3.8.10', pyspark: '3.4.1' });
    const found = (await resolvePython({ env, platform: 'linux' })).found;
    if (!found) throw new Error('python3 not found');
    expect(found.versionOk).toBe(false);
    expect(describePython(found)).toBe(
      `python3 (${join(bin, 'python3')}): Python 3.8.10, without Python 3.9 or newer and pyspark 3.5.8 (it has 3.4.1)`,
    );
  });

  it('probes a real interpreter: its version and its pyspark', async () => {
    // The machine's own python3 (the Spark lane's), on a PATH of its own.
    const { env } = place();
    const real = await resolvePython({
      env: { ...env, PATH: process.env.PATH },
      platform: 'linux',
    });
    expect(real.found?.version).toMatch(/^3\.\d+\.\d+$/);
    expect(real.found?.executable).toMatch(/python/);
  });

  it("never runs macOS's python3 stand-in without the developer tools (it pops a dialog)", async () => {
    const { bin, env } = place();
    const stub = standInPython(bin, 'python3');
    const python = standInPython(bin, 'python');
    const options = { env, platform: 'darwin' as const, macStubs: [stub] };
    const without = await resolvePython({ ...options, macDeveloperTools: () => false });
    expect(callsOf(stub)).toEqual([]);
    expect(without.found?.command).toBe(python);
    expect(without.passed[0]).toMatch(/is macOS's stand-in that only offers the developer tools/);
    const withTools = await resolvePython({ ...options, macDeveloperTools: () => true });
    expect(withTools.found?.command).toBe(stub);
  });
});
