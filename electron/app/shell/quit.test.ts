import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectronApi } from './electron-api.ts';
import {
  PIPELINE_BUTTONS,
  type QuitParts,
  quitApp,
  type SparkJob,
  stopJobThroughApi,
} from './quit.ts';
import { createFakeElectron } from './testing/fake-electron.ts';

function job(over: Partial<SparkJob>): SparkJob {
  return {
    id: 1,
    job: 'pipeline',
    backend: 'docker',
    state: 'running',
    started_at: '2026-01-01T00:00:00Z',
    finished_at: null,
    exit_code: null,
    summary: null,
    ...over,
  };
}

/** Quit parts over a list of jobs; stopping a job marks it stopped after a moment. */
function parts(jobs: SparkJob[], answers: number[]) {
  const fake = createFakeElectron({
    paths: { userData: '/u', home: '/h', documents: '/d' },
    appPath: '/a',
  });
  fake.messageBoxAnswers.push(...answers);
  const steps: string[] = [];
  const quit: QuitParts = {
    dialog: fake.electron.dialog as unknown as ElectronApi['dialog'],
    jobs: async () => ({ jobs }),
    async stopJob(id) {
      steps.push(`stop job ${id}`);
      setTimeout(() => {
        const stopped = jobs.find((j) => j.id === id);
        if (stopped) stopped.state = 'stopped';
        steps.push(`job ${id} stopped`);
      }, 100);
    },
    async stopService() {
      steps.push('stop service');
    },
    async stopChildren() {
      steps.push('stop children');
    },
  };
  return { quit, steps, fake };
}

describe('quitting with a pipeline in Docker', () => {
  it('asks nothing when no pipeline runs in Docker (a local one ends with the service)', async () => {
    const { quit, steps, fake } = parts(
      [job({ backend: 'local' }), job({ id: 2, state: 'stopped' }), job({ id: 3, job: 'gold' })],
      [],
    );
    expect(await quitApp(quit)).toBe('quit');
    expect(fake.messageBoxes).toEqual([]);
    expect(steps).toEqual(['stop service', 'stop children']);
  });

  it('stops it when asked, and waits for it before stopping the service', async () => {
    const { quit, steps, fake } = parts([job({ id: 7 })], [0]);
    expect(await quitApp(quit)).toBe('quit');
    expect(fake.messageBoxes[0]?.buttons).toEqual([...PIPELINE_BUTTONS]);
    expect(steps).toEqual(['stop job 7', 'job 7 stopped', 'stop service', 'stop children']);
  });

  it('leaves it running when asked', async () => {
    const { quit, steps } = parts([job({ id: 7 })], [1]);
    expect(await quitApp(quit)).toBe('quit');
    expect(steps).toEqual(['stop service', 'stop children']);
  });

  it('does not quit on Cancel', async () => {
    const { quit, steps } = parts([job({ id: 7 })], [2]);
    expect(await quitApp(quit)).toBe('cancelled');
    expect(steps).toEqual([]);
  });
});

describe('stopping a job through the API', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  it('posts to the job stop route and reports a refusal', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(req.url === '/api/spark/jobs/4/stop' ? 202 : 404).end('{}');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await stopJobThroughApi(base, 4);
    await expect(stopJobThroughApi(base, 5)).rejects.toThrow(/404/);
    expect(seen).toEqual(['POST /api/spark/jobs/4/stop', 'POST /api/spark/jobs/5/stop']);
  });
});
