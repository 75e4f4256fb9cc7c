// The compose stack runs from a copy beside the data, so nothing is mounted from the app's
// install folder (Docker Desktop on macOS refuses mounts outside its shared folders).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/presets.ts';
import { prepareStack, stackRoot } from './stack.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-stack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const composeAvailable = spawnSync('docker', ['compose', 'version']).status === 0;

describe('prepareStack', () => {
  it('copies the compose file, the jobs, the job runner, the checker and the notebook helper into a versioned folder in the data folder', () => {
    const data = join(scratch, 'data-a');
    const stack = prepareStack(join(REPO_ROOT, 'docker'), data);
    // The repository's layout: docker/ beside exercises/, so `../exercises` mounts work.
    expect(relative(stackRoot(data), stack)).toMatch(/^stack-[0-9a-f]{12}\/docker$/);
    const copy = dirname(stack);
    for (const file of [
      'docker/docker-compose.yml',
      'docker/spark/jobs/bronze.py',
      'docker/spark/jobs/common.py',
      'docker/spark/runner/job_runner.py',
      'docker/notebook-image/Dockerfile',
      'exercises/checker/check.py',
      'exercises/notebook/spark_experiments.py',
    ])
      expect(existsSync(join(copy, file))).toBe(true);
    // Nothing else of the app's docker and exercises folders (tests, the generator's
    // Dockerfile, the exercises' texts and notebooks) comes along.
    expect(readdirSync(copy).sort()).toEqual(['docker', 'exercises']);
    expect(readdirSync(stack).sort()).toEqual([
      'docker-compose.yml',
      'notebook-image',
      'spark',
      'spark-image',
    ]);
    expect(readdirSync(join(copy, 'exercises')).sort()).toEqual(['checker', 'notebook']);
    // The same files give the same folder; no temp folder is left behind.
    expect(prepareStack(join(REPO_ROOT, 'docker'), data)).toBe(stack);
    expect(readdirSync(stackRoot(data))).toEqual([relative(stackRoot(data), copy)]);
  });

  it('makes a new folder when a file of the stack changes, leaving the old one to a running stack', () => {
    const app = join(scratch, 'app');
    cpSync(join(REPO_ROOT, 'docker'), join(app, 'docker'), { recursive: true });
    cpSync(join(REPO_ROOT, 'exercises'), join(app, 'exercises'), { recursive: true });
    const data = join(scratch, 'data-b');
    const first = prepareStack(join(app, 'docker'), data);
    writeFileSync(join(app, 'docker', 'spark', 'jobs', 'gold.py'), '# changed\n');
    const second = prepareStack(join(app, 'docker'), data);
    expect(second).not.toBe(first);
    // The checker is part of the stack too (the notebook service mounts it).
    writeFileSync(join(app, 'exercises', 'checker', 'checks.py'), '# changed\n');
    const third = prepareStack(join(app, 'docker'), data);
    expect(third).not.toBe(second);
    expect(existsSync(join(first, 'docker-compose.yml'))).toBe(true);
  });

  it.runIf(composeAvailable)(
    'gives a compose project that mounts only the data folder and the stack folder',
    () => {
      const data = join(scratch, 'data-c');
      const stack = prepareStack(join(REPO_ROOT, 'docker'), data);
      for (const profile of [[], ['--profile', 'all']]) {
        const config = spawnSync(
          'docker',
          [
            'compose',
            ...profile,
            '-f',
            join(stack, 'docker-compose.yml'),
            'config',
            '--format',
            'json',
          ],
          { encoding: 'utf8', env: { ...process.env, SPARK_EXPERIMENTS_DATA: data } },
        );
        expect(config.stderr).toBe('');
        const services = Object.values(
          JSON.parse(config.stdout).services as Record<
            string,
            { volumes?: Array<{ type: string; source: string }> }
          >,
        );
        const sources = services.flatMap((s) => (s.volumes ?? []).map((v) => v.source));
        expect(sources.length).toBeGreaterThanOrEqual(profile.length ? 12 : 8);
        for (const source of sources) {
          expect(source === data || source.startsWith(`${dirname(stack)}/`)).toBe(true);
        }
        expect(sources).toContain(join(stack, 'spark'));
        expect(sources).toContain(join(dirname(stack), 'exercises', 'checker'));
        expect(sources).toContain(join(dirname(stack), 'exercises', 'notebook'));
      }
    },
  );
});
