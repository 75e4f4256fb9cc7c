import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, startDaemon } from './processes.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-processes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The caller's environment without the variable, so only the app can have set it. */
function envWithoutIt(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PYTHONDONTWRITEBYTECODE;
  return env;
}

const printIt = ['-e', 'process.stdout.write(String(process.env.PYTHONDONTWRITEBYTECODE))'];
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('programs the app starts never write bytecode into its install folder', () => {
  it('run passes PYTHONDONTWRITEBYTECODE=1 with a given environment and without one', async () => {
    const given = await run(process.execPath, printIt, { env: envWithoutIt(), timeoutMs: 30_000 });
    expect(given.stdout).toBe('1');
    const inherited = await run(process.execPath, printIt, { timeoutMs: 30_000 });
    expect(inherited.stdout).toBe('1');
  });

  it('startDaemon passes PYTHONDONTWRITEBYTECODE=1', async () => {
    let firstLine: (line: string) => void = () => {};
    const printed = new Promise<string>((resolve) => {
      firstLine = resolve;
    });
    const daemon = startDaemon(process.execPath, printIt, {
      env: envWithoutIt(),
      onLine: firstLine,
    });
    expect(await printed).toBe('1');
    expect(await daemon.exited).toBe(0);
  });

  it.skipIf(!hasPython)(
    'a Python job importing from the install folder leaves no __pycache__',
    async () => {
      const jobs = join(scratch, 'resources', 'docker', 'spark', 'jobs');
      mkdirSync(jobs, { recursive: true });
      writeFileSync(join(jobs, 'common.py'), 'VALUE = 42\n');
      const result = await run('python3', ['-c', 'import common; print(common.VALUE)'], {
        env: envWithoutIt(),
        cwd: jobs,
        timeoutMs: 60_000,
      });
      expect(result.stdout.trim()).toBe('42');
      expect(existsSync(join(jobs, '__pycache__'))).toBe(false);
    },
  );
});
