// Where a check runs, for each situation a student can be in, and the real probe of a
// Python's pyspark (stand-in interpreters on disk).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckPlaceFacts, checkPlace, pythonHasPyspark } from './check-place.ts';

function facts(over: Partial<CheckPlaceFacts>, asked: string[] = []): CheckPlaceFacts {
  const probe = (name: string, value: boolean) => async () => {
    asked.push(name);
    return value;
  };
  return {
    backendInUse: null,
    stackServesFolder: probe('stack', false),
    engineRunning: probe('engine', false),
    hostPythonWorks: probe('python', false),
    ...over,
  };
}

describe('where a check runs', () => {
  it('runs in the stack with the Docker backend and on this machine with the local one, asking nothing else', async () => {
    const asked: string[] = [];
    expect((await checkPlace(facts({ backendInUse: 'docker' }, asked))).place).toBe('stack');
    expect((await checkPlace(facts({ backendInUse: 'local' }, asked))).place).toBe('host');
    expect(asked).toEqual([]);
  });

  it('sends a check in the all-in-Docker stack to the notebook, with one line that says how', async () => {
    const asked: string[] = [];
    await expect(checkPlace(facts({ backendInUse: 'attached' }, asked))).rejects.toMatchObject({
      status: 409,
      code: 'check_in_notebook',
      message: expect.stringMatching(/Open starter notebook.*check\(\)/),
    });
    expect(asked).toEqual([]);
  });

  it('with no cluster of the app: the stack of this data folder when it is up, even beside a working Python', async () => {
    const chosen = await checkPlace(
      facts({ stackServesFolder: async () => true, hostPythonWorks: async () => true }),
    );
    expect(chosen).toEqual({
      place: 'stack',
      why: 'the Spark stack of this data folder is running',
    });
  });

  it("prefers this machine's Python with pyspark over a stopped stack", async () => {
    const chosen = await checkPlace(
      facts({ engineRunning: async () => true, hostPythonWorks: async () => true }),
    );
    expect(chosen.place).toBe('host');
  });

  it('goes to the stack when there is Docker and no Python with pyspark (which then says: start Spark)', async () => {
    const chosen = await checkPlace(facts({ engineRunning: async () => true }));
    expect(chosen).toEqual({
      place: 'stack',
      why: 'Docker is running and this Python has no pyspark',
    });
  });

  it("falls back to this machine's Python without Docker, which then says what to install", async () => {
    expect((await checkPlace(facts({}))).place).toBe('host');
  });
});

describe('whether a Python has pyspark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spark-exp-python-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stand = (name: string, script: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it('asks the interpreter to import pyspark', async () => {
    const without = stand(
      'no-pyspark',
      `echo "ModuleNotFoundError: No module named 'pyspark'" >&2; exit 1`,
    );
    const withIt = stand(
      'pyspark',
      '[ "$1" = -c ] && [ "$2" = "import pyspark" ] && exit 0; exit 3',
    );
    expect(await pythonHasPyspark(without, process.env)).toBe(false);
    expect(await pythonHasPyspark(withIt, process.env)).toBe(true);
    expect(await pythonHasPyspark(join(dir, 'missing'), process.env)).toBe(false);
  });
});
