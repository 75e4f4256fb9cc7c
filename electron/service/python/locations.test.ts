// Where the managed Python lives on each platform, and which environment is in use.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentManagedEnv, MANAGED_DIR_VARIABLE, managedRoot, venvPython } from './locations.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-locations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('managedRoot', () => {
  it("follows each platform's convention for per-user data", () => {
    expect(managedRoot({ HOME: '/home/ana' }, 'linux')).toBe(
      '/home/ana/.local/share/spark-experiments/python',
    );
    expect(managedRoot({ HOME: '/home/ana', XDG_DATA_HOME: '/data/ana' }, 'linux')).toBe(
      '/data/ana/spark-experiments/python',
    );
    expect(managedRoot({ HOME: '/Users/ana' }, 'darwin')).toBe(
      '/Users/ana/Library/Application Support/spark-experiments/python',
    );
    expect(managedRoot({ LOCALAPPDATA: '/c/Users/ana/AppData/Local' }, 'win32')).toBe(
      '/c/Users/ana/AppData/Local/spark-experiments/python',
    );
    expect(managedRoot({ USERPROFILE: '/c/Users/ana' }, 'win32')).toBe(
      '/c/Users/ana/AppData/Local/spark-experiments/python',
    );
  });

  it('takes the override, and has none for an environment without a home', () => {
    expect(managedRoot({ HOME: '/home/ana', [MANAGED_DIR_VARIABLE]: '/x' }, 'linux')).toBe('/x');
    expect(managedRoot({ PATH: '/bin' }, 'linux')).toBeUndefined();
    expect(managedRoot({ PATH: '/bin' }, 'win32')).toBeUndefined();
  });
});

describe('currentManagedEnv', () => {
  it('is the environment current.json names, once its interpreter exists', () => {
    const root = join(scratch, 'root');
    const env = { [MANAGED_DIR_VARIABLE]: root };
    expect(currentManagedEnv(env, 'linux')).toBeUndefined();
    mkdirSync(root, { recursive: true });
    const record = { id: 'e1', pins: ['pyspark==3.5.8'], base: '/usr/bin/python3', created_at: '' };
    writeFileSync(join(root, 'current.json'), JSON.stringify(record));
    expect(currentManagedEnv(env, 'linux')).toBeUndefined();
    const python = venvPython(join(root, 'envs', 'e1'), 'win32');
    expect(python).toBe(join(root, 'envs', 'e1', 'Scripts', 'python.exe'));
    mkdirSync(join(root, 'envs', 'e1', 'Scripts'), { recursive: true });
    writeFileSync(python, '');
    expect(currentManagedEnv(env, 'win32')).toEqual({
      env: record,
      dir: join(root, 'envs', 'e1'),
      python,
    });
    expect(currentManagedEnv(env, 'linux')).toBeUndefined();
  });
});
