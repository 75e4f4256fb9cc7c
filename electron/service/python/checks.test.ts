// The doctor's checks for Spark without Docker, over stand-in python and java programs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { standInJava, standInPython } from '../../testing/python-standins.ts';
import { javaCheck, pysparkCheck, pythonCheck } from './checks.ts';
import { MANAGED_DIR_VARIABLE } from './locations.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-checks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
function place() {
  const bin = join(scratch, String(++n), 'bin');
  mkdirSync(bin, { recursive: true });
  return { bin, env: { PATH: bin, [MANAGED_DIR_VARIABLE]: join(scratch, String(n), 'managed') } };
}

describe('pythonCheck', () => {
  it('names the Python found', async () => {
    const { bin, env } = place();
    standInPython(bin, 'python3', { version: '3.12.3' });
    expect(await pythonCheck({ env, platform: 'linux' })).toEqual({
      id: 'python',
      title: 'Python (Spark without Docker)',
      status: 'ok',
      summary: `python3 (${join(bin, 'python3')}): Python 3.12.3`,
    });
  });

  it('warns with the install line for the OS when there is none', async () => {
    const { env } = place();
    const check = await pythonCheck({ env, platform: 'win32' });
    expect(check.status).toBe('warn');
    expect(check.summary).toBe(
      'no Python 3 found (python3: not on PATH; py -3: not on PATH; python: not on PATH); only Spark without Docker needs it',
    );
    expect(check.fix).toMatch(/python\.org/);
  });

  it('warns about a Python older than 3.9', async () => {
    const { bin, env } = place();
    standInPython(bin, 'python3', { version: '3.8.10' });
    const check = await pythonCheck({ env, platform: 'linux' });
    expect(check.status).toBe('warn');
    expect(check.summary).toMatch(/is Python 3\.8\.10; Spark needs 3\.9 or newer$/);
  });
});

describe('pysparkCheck', () => {
  it('is ok with pyspark 3.5.8, warns without it or with another version, skips without Python', async () => {
    const ok = place();
    standInPython(ok.bin, 'python3', { pyspark: '3.5.8' });
    expect((await pysparkCheck({ env: ok.env, platform: 'linux' })).status).toBe('ok');
    const none = place();
    standInPython(none.bin, 'python3', { pyspark: null });
    const missing = await pysparkCheck({ env: none.env, platform: 'linux' });
    expect(missing).toMatchObject({
      status: 'warn',
      fix: expect.stringMatching(/^npm run setup:python/),
    });
    expect(missing.summary).toMatch(/without pyspark 3\.5\.8$/);
    const old = place();
    standInPython(old.bin, 'python3', { pyspark: '3.4.1' });
    expect((await pysparkCheck({ env: old.env, platform: 'linux' })).summary).toMatch(
      /without pyspark 3\.5\.8 \(it has 3\.4\.1\)$/,
    );
    const nothing = place();
    expect((await pysparkCheck({ env: nothing.env, platform: 'linux' })).status).toBe('skipped');
  });
});

describe('javaCheck', () => {
  it('is ok with Java 17 and warns, with the fix, about Java 11, Java 21 and none', async () => {
    const ok = place();
    standInJava(ok.bin, 'openjdk version "17.0.15" 2025-04-15');
    expect((await javaCheck({ env: ok.env, platform: 'linux' })).status).toBe('ok');
    for (const line of [
      'openjdk version "11.0.22" 2024-01-16',
      'openjdk version "21" 2023-09-19',
    ]) {
      const p = place();
      standInJava(p.bin, line);
      const check = await javaCheck({ env: p.env, platform: 'darwin' });
      expect(check).toMatchObject({ status: 'warn', fix: 'brew install --cask temurin@17' });
      expect(check.summary).toMatch(/^Spark here needs Java 17, but/);
    }
    const none = await javaCheck({ env: place().env, platform: 'win32' });
    expect(none.status).toBe('warn');
    expect(none.fix).toMatch(/^winget install EclipseAdoptium\.Temurin\.17\.JRE/);
  });
});
