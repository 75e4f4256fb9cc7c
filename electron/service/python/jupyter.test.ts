// A local JupyterLab runs from the app's own Python, or is refused with the way to get it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localJupyter } from './jupyter.ts';
import { MANAGED_DIR_VARIABLE, venvPython } from './locations.ts';

const root = mkdtempSync(join(tmpdir(), 'spark-exp-jupyter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('localJupyter', () => {
  it("is refused until the app's Python is set up, then runs from it", () => {
    const env = { [MANAGED_DIR_VARIABLE]: root };
    expect(() => localJupyter(env, 'win32')).toThrow(/run npm run setup:python/);
    const python = venvPython(join(root, 'envs', 'e1'), 'win32');
    mkdirSync(join(root, 'envs', 'e1', 'Scripts'), { recursive: true });
    writeFileSync(python, '');
    writeFileSync(
      join(root, 'current.json'),
      JSON.stringify({ id: 'e1', pins: [], base: 'py', created_at: '' }),
    );
    const jupyter = localJupyter(env, 'win32');
    expect(jupyter.command).toBe(python);
    expect(jupyter.args).toEqual(['-m', 'jupyterlab']);
    expect(jupyter.env.PYSPARK_PYTHON).toBe(python);
  });
});
