// The Python a check or a local Spark runs on this machine: discovery's, with pyspark and
// Java 17, else a 409 that names what was tried and the fix.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { standInJava, standInPython } from '../../testing/python-standins.ts';
import { hostCheckPython } from './host-python.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-host-python-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
function bin(): string {
  const dir = join(scratch, String(++n));
  mkdirSync(dir);
  return dir;
}
const JAVA_17 = 'openjdk version "17.0.15" 2025-04-15';

describe('hostCheckPython', () => {
  it('runs the py launcher with -3 on Windows', async () => {
    const dir = bin();
    const py = standInPython(dir, 'py.exe');
    standInJava(dir, JAVA_17, 'java.exe');
    expect(await hostCheckPython(undefined, { Path: dir }, 'win32')).toEqual({
      command: py,
      args: ['-3'],
    });
  });

  it('takes a configured command as it is, without looking', async () => {
    expect(await hostCheckPython('/opt/py/bin/python', { PATH: bin() }, 'linux')).toEqual({
      command: '/opt/py/bin/python',
      args: [],
    });
  });

  it('refuses with what was tried when there is no Python', async () => {
    await expect(hostCheckPython(undefined, { PATH: bin() }, 'win32')).rejects.toMatchObject({
      status: 409,
      code: 'no_python',
      message: expect.stringMatching(
        /^No Python 3 found \(python3: not on PATH; py -3: not on PATH; python: not on PATH\): install Python 3\.9 or newer .*npm run setup:python/,
      ),
    });
  });

  it('refuses a Python without pyspark, naming it, and a missing Java 17', async () => {
    const dir = bin();
    const python3 = standInPython(dir, 'python3', { pyspark: null });
    await expect(hostCheckPython(undefined, { PATH: dir }, 'linux')).rejects.toMatchObject({
      code: 'no_pyspark',
      message: `python3 (${python3}): Python 3.11.7, without pyspark 3.5.8: run npm run setup:python (or the Set up Python button), or use Docker`,
    });
    const withPyspark = bin();
    standInPython(withPyspark, 'python3');
    await expect(hostCheckPython(undefined, { PATH: withPyspark }, 'darwin')).rejects.toMatchObject(
      { code: 'java_missing', message: expect.stringMatching(/temurin@17$/) },
    );
  });
});
