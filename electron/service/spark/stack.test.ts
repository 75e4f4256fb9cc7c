// The compose stack runs from a copy beside the data, so nothing is mounted from the app's
// install folder (Docker Desktop on macOS refuses mounts outside its shared folders).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/presets.ts';
import { prepareStack, stackRoot } from './stack.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-stack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const composeAvailable = spawnSync('docker', ['compose', 'version']).status === 0;

describe('prepareStack', () => {
  it('copies the compose file, the jobs and the job runner into a versioned folder in the data folder', () => {
    const data = join(scratch, 'data-a');
    const stack = prepareStack(join(REPO_ROOT, 'docker'), data);
    expect(relative(stackRoot(data), stack)).toMatch(/^stack-[0-9a-f]{12}$/);
    for (const file of [
      'docker-compose.yml',
      'spark/jobs/bronze.py',
      'spark/jobs/common.py',
      'spark/runner/job_runner.py',
    ])
      expect(existsSync(join(stack, file))).toBe(true);
    // Nothing else of the app's docker folder (tests, the generator's Dockerfile) comes along.
    expect(readdirSync(stack).sort()).toEqual(['docker-compose.yml', 'spark', 'spark-image']);
    // The same files give the same folder; no temp folder is left behind.
    expect(prepareStack(join(REPO_ROOT, 'docker'), data)).toBe(stack);
    expect(readdirSync(stackRoot(data))).toEqual([relative(stackRoot(data), stack)]);
  });

  it('makes a new folder when a file of the stack changes, leaving the old one to a running stack', () => {
    const app = join(scratch, 'app-docker');
    cpSync(join(REPO_ROOT, 'docker'), app, { recursive: true });
    const data = join(scratch, 'data-b');
    const first = prepareStack(app, data);
    writeFileSync(join(app, 'spark', 'jobs', 'gold.py'), '# changed\n');
    const second = prepareStack(app, data);
    expect(second).not.toBe(first);
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
        expect(sources.length).toBeGreaterThanOrEqual(profile.length ? 8 : 4);
        for (const source of sources) {
          expect(source === data || source.startsWith(`${stack}/`)).toBe(true);
        }
        expect(sources).toContain(join(stack, 'spark'));
      }
    },
  );
});
