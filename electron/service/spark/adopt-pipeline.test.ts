// A pipeline left running in the compose stack by an app that quit or crashed: the next app
// finds it (pgrep in the master container, run id from lake/_pipeline/lock), lists it as an
// adopted running job, refuses a second pipeline with 409 pipeline_running, and stops it
// through lake/_pipeline/stop with the adopted run's id. Docker is the stand-in CLI
// (electron/testing/fake-docker.sh); the "pipeline" is a file that exists while it runs.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/presets.ts';
import { waitFor } from '../../testing/serve.ts';
import { standInDocker } from '../../testing/stand-in-docker.ts';
import { ServiceError } from '../kernel/errors.ts';
import { createLogger } from '../logs/logger.ts';
import { DockerBackend } from './docker-backend.ts';
import { pipelineStopFile, SparkJobs } from './spark-jobs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-adopt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const bin = standInDocker(join(scratch, 'bin'));

function setup(name: string) {
  const data = join(scratch, name);
  mkdirSync(join(data, 'lake', '_pipeline'), { recursive: true });
  const running = join(scratch, `${name}.running`);
  const backend = new DockerBackend({
    dockerDir: join(REPO_ROOT, 'docker'),
    dataDir: data,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_PIPELINE_FILE: running },
    onLine: () => {},
    pipelinePollMs: 20,
  });
  const jobs = new SparkJobs(createLogger({ dir: undefined, component: 'spark' }), () => {}, data);
  return { data, running, backend, jobs };
}

describe('a pipeline left running in the stack', () => {
  it('is not found when none runs', async () => {
    const { backend } = setup('none');
    expect(await backend.findRunningPipeline()).toBeNull();
  });

  it('is adopted as running, blocks a second pipeline, and stops through the stop file with its run id', async () => {
    const { data, running, backend, jobs } = setup('left');
    writeFileSync(running, '');
    writeFileSync(
      join(data, 'lake', '_pipeline', 'lock'),
      JSON.stringify({
        run_id: '7',
        pid: 12,
        host: 'spark-master',
        started_at: '2026-12-04T10:00:00Z',
      }),
    );
    const found = await backend.findRunningPipeline();
    expect(found?.runId).toBe('7');
    if (!found) throw new Error('the running pipeline was not found');
    const adopted = jobs.adoptPipeline(backend, found);
    expect(adopted).toMatchObject({
      job: 'pipeline',
      backend: 'docker',
      state: 'running',
      adopted: true,
      started_at: '2026-12-04T10:00:00Z',
    });
    const id = adopted?.id ?? -1;
    expect(jobs.list().map((j) => [j.id, j.state])).toEqual([[id, 'running']]);

    const second = (() => {
      try {
        jobs.start('pipeline', backend);
      } catch (err) {
        return err;
      }
    })();
    expect(second).toBeInstanceOf(ServiceError);
    expect((second as ServiceError).status).toBe(409);
    expect((second as ServiceError).code).toBe('pipeline_running');

    expect(jobs.stop(id).state).toBe('stopping');
    expect(readFileSync(pipelineStopFile(data), 'utf8')).toBe('7');
    // The pipeline honours the request and ends.
    rmSync(pipelineStopFile(data));
    rmSync(running);
    const stopped = await waitFor('stopped', () =>
      jobs.list().find((j) => j.id === id && j.state === 'stopped'),
    );
    expect(stopped.finished_at).not.toBeNull();
    expect(existsSync(pipelineStopFile(data))).toBe(false);
  });

  it('is not adopted twice, nor over a pipeline of this app', async () => {
    const { running, backend, jobs } = setup('twice');
    writeFileSync(running, '');
    const found = await backend.findRunningPipeline();
    if (!found) throw new Error('the running pipeline was not found');
    expect(found.runId).toBeNull(); // no lock file: a pipeline of an older version
    expect(jobs.adoptPipeline(backend, found)).not.toBeNull();
    expect(jobs.adoptPipeline(backend, found)).toBeNull();
    expect(jobs.list().length).toBe(1);
    jobs.abortAll(); // the app quits: the watching ends, the pipeline is not ours to end
    expect(existsSync(running)).toBe(true);
  });
});
