// The generator's side of the stack's job runner, against the real runner
// (docker/spark/runner/job_runner.py) on 127.0.0.1 with a stand-in spark-submit in SPARK_HOME
// that prints the command it was given (not on PATH: pyenv's shim puts pyspark's first).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPARK_JOBS } from '../../../shared/spark.ts';
import { REPO_ROOT } from '../../testing/presets.ts';
import { waitFor } from '../../testing/serve.ts';
import type { AttachedSpark } from './attached-backend.ts';
import { RUNNER_TOKEN_FILE_ENV, runnerSecretFromEnv, submitToRunner } from './job-runner-client.ts';
import { jobArgs } from './spark-jobs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-runner-'));
const tokenFile = join(scratch, 'runner-token');
let runner: ChildProcess | undefined;
let jobsUrl = '';

beforeAll(async () => {
  const bin = join(scratch, 'spark', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'spark-submit'),
    '#!/usr/bin/env python3\nimport json, sys\nprint("argv " + json.dumps(sys.argv[1:]))\n',
  );
  chmodSync(join(bin, 'spark-submit'), 0o755);
  writeFileSync(tokenFile, 'secret-of-this-stack\n');
  runner = spawn(
    'python3',
    [
      join(REPO_ROOT, 'docker', 'spark', 'runner', 'job_runner.py'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    {
      env: {
        ...process.env,
        SPARK_HOME: join(scratch, 'spark'),
        PYTHONDONTWRITEBYTECODE: '1',
        [RUNNER_TOKEN_FILE_ENV]: tokenFile,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  runner.stderr?.on('data', (d) => {
    err += d;
  });
  const port = await waitFor('the runner', () => /listening on :(\d+)/.exec(err)?.[1], 20_000);
  jobsUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  runner?.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

async function submit(attached: AttachedSpark, job: (typeof SPARK_JOBS)[number], args: string[]) {
  const lines: string[] = [];
  const code = await submitToRunner(attached, job, args, (l) => lines.push(l), 30_000);
  return { code, lines };
}

describe('submitToRunner', () => {
  it('sends the stack secret from its file, and the runner takes every job with the args the app gives it', async () => {
    for (const job of SPARK_JOBS) {
      const { code, lines } = await submit(
        { jobsUrl, masterUiUrl: '', tokenFile },
        job,
        jobArgs(job, 3),
      );
      expect(code, lines.join('\n')).toBe(0);
      const argv = JSON.parse(lines.find((l) => l.startsWith('argv '))?.slice(5) ?? '[]');
      expect(argv.slice(3)).toEqual(['--data', '/data', ...jobArgs(job, 3)]);
    }
  });

  it('gets a refusal, not a job, with a wrong secret', async () => {
    const { code, lines } = await submit(
      { jobsUrl, masterUiUrl: '', token: 'not-the-secret' },
      'silver',
      [],
    );
    expect(code).toBeNull();
    expect(lines.join('\n')).toMatch(/job runner refused the job \(401\).*unauthorized/);
    expect(lines.some((l) => l.startsWith('argv '))).toBe(false);
  });

  it('says what to set when it has no secret', async () => {
    const { code, lines } = await submit(
      { jobsUrl, masterUiUrl: '', tokenFile: join(scratch, 'missing') },
      'gold',
      [],
    );
    expect(code).toBeNull();
    expect(lines).toEqual([
      'no secret for the job runner: set SPARK_EXPERIMENTS_RUNNER_TOKEN_FILE (the compose file does) or SPARK_EXPERIMENTS_RUNNER_TOKEN',
    ]);
  });

  it('reads the secret settings from the environment', () => {
    expect(runnerSecretFromEnv({ [RUNNER_TOKEN_FILE_ENV]: '/run/x' })).toEqual({
      tokenFile: '/run/x',
      token: undefined,
    });
    expect(runnerSecretFromEnv({ SPARK_EXPERIMENTS_RUNNER_TOKEN: 'abc' })).toEqual({
      tokenFile: undefined,
      token: 'abc',
    });
  });
});
