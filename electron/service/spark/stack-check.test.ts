// Checks in the stack against a stand-in `docker` (electron/testing/fake-docker-notebook.sh)
// whose notebook container behaves like a real one where it matters: it mounts one folder at
// /data, and a checker started by `compose exec` outlives its exec client unless ended there.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/serve.ts';
import { standInDocker } from '../../testing/stand-in-docker.ts';
import { ServiceError } from '../kernel/errors.ts';
import { DEFAULT_DOCKER_DIR } from './spark-controller.ts';
import {
  CHECKER_IN_STACK,
  containerPath,
  stackCheckArgs,
  stackCheckRunner,
  stackCompose,
} from './stack-check.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-stack-check-'));
/** The stand-in's "container processes", ended after the tests whatever they found. */
const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid);
  rmSync(scratch, { recursive: true, force: true });
});
const bin = standInDocker(join(scratch, 'bin'), 'fake-docker-notebook.sh');
const data = join(scratch, 'data');
const folder = join(data, 'exercises', '01-bronze');
mkdirSync(join(folder, '.answers'), { recursive: true });
const card = join(scratch, 'card.json');
writeFileSync(card, 'Spark says hello\n{"exercise":"01-bronze","passed":true}\n');

function env(more: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_NB_DATA: data,
    FAKE_NB_CARD: card,
    ...more,
  };
}

const command = {
  exercise: '01-bronze',
  checker: 'bronze',
  table: join(folder, 'lake', 'bronze'),
  answers: join(folder, '.answers'),
};

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe('the checker in the stack', () => {
  it('runs as docker compose exec in the notebook service, with the paths the container sees', () => {
    const compose = stackCompose({ dockerDir: DEFAULT_DOCKER_DIR, dataDir: data, env: {} });
    expect(compose.composeFile.startsWith(join(data, '.stack', 'stack-'))).toBe(true);
    expect(compose.env.SPARK_EXPERIMENTS_DATA).toBe(data);
    const args = stackCheckArgs(compose, {
      ...command,
      table: '/data/exercises/01-bronze/lake/bronze',
      answers: '/data/exercises/01-bronze/.answers',
    });
    expect(args).toEqual([
      'compose',
      '-p',
      'spark-experiments',
      '-f',
      compose.composeFile,
      'exec',
      '-T',
      'notebook',
      'bash',
      '-c',
      expect.stringMatching(/libnss_wrapper\.so.*exec python3 "\$@"$/),
      'check',
      '/opt/spark-experiments/exercises/checker/check.py',
      '--exercise',
      '01-bronze',
      '--checker',
      'bronze',
      '--table',
      '/data/exercises/01-bronze/lake/bronze',
      '--answers',
      '/data/exercises/01-bronze/.answers',
    ]);
  });

  it('maps paths in the data folder to /data and refuses any other, symlinks resolved', () => {
    expect(containerPath(data, command.table, 'table')).toBe(
      '/data/exercises/01-bronze/lake/bronze',
    );
    expect(containerPath(data, data, 'table')).toBe('/data');
    const outside = join(scratch, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    for (const path of [outside, join(data, '..', 'elsewhere', 'x'), join(data, 'escape', 't')]) {
      if (path.includes('escape') && !existsSync(join(data, 'escape')))
        symlinkSync(outside, join(data, 'escape'));
      let code = '';
      try {
        containerPath(data, path, 'table');
      } catch (err) {
        code = (err as ServiceError).code;
        expect((err as Error).message).toContain('outside the data folder');
      }
      expect(code, path).toBe('outside_data_folder');
    }
  });

  it('runs the checker there and hands back its output', async () => {
    const log = join(scratch, 'calls-ok.log');
    const runner = stackCheckRunner({
      dockerDir: DEFAULT_DOCKER_DIR,
      dataDir: data,
      env: env({ FAKE_DOCKER_LOG: log }),
    });
    const result = await runner.run(command, new AbortController().signal);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('{"exercise":"01-bronze","passed":true}');
    const exec = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.includes(' exec '));
    expect(exec).toContain(
      `check ${CHECKER_IN_STACK} --exercise 01-bronze --checker bronze --table /data/exercises/01-bronze/lake/bronze --answers /data/exercises/01-bronze/.answers`,
    );
    expect(exec).toContain('compose -p spark-experiments -f');
    expect(exec).toContain('exec -T notebook bash -c');
  });

  it('says to start Spark when the notebook service is not running', async () => {
    const runner = stackCheckRunner({
      dockerDir: DEFAULT_DOCKER_DIR,
      dataDir: data,
      env: env({ FAKE_NB: 'none' }),
    });
    const err = await refusal(runner.run(command, new AbortController().signal));
    expect(err.status).toBe(409);
    expect(err.code).toBe('notebook_not_running');
    expect(err.message).toContain('Start Spark first');
    expect(err.message.includes('\n')).toBe(false);
  });

  it('refuses a stack of another data folder, and a notebook service not healthy yet', async () => {
    const other = stackCheckRunner({
      dockerDir: DEFAULT_DOCKER_DIR,
      dataDir: data,
      env: env({ FAKE_NB_DATA: scratch }),
    });
    const err = await refusal(other.run(command, new AbortController().signal));
    expect(err.code).toBe('stack_serves_other_folder');
    expect(err.message).toContain(scratch);
    const starting = stackCheckRunner({
      dockerDir: DEFAULT_DOCKER_DIR,
      dataDir: data,
      env: env({ FAKE_NB_HEALTH: 'starting' }),
    });
    const late = await refusal(starting.run(command, new AbortController().signal));
    expect(late.code).toBe('notebook_unhealthy');
    expect(late.message).toContain('starting');
  });

  it.each([
    ['a timeout', 'timeout'],
    ['quitting', 'abort'],
  ])(
    'ends the checker in the container on %s',
    async (_, how) => {
      const pidFile = join(scratch, `checker-${how}.pid`);
      const runner = stackCheckRunner({
        dockerDir: DEFAULT_DOCKER_DIR,
        dataDir: data,
        env: env({ FAKE_NB_CHECK: 'hang', FAKE_NB_PIDFILE: pidFile }),
        timeoutMs: how === 'timeout' ? 1500 : 60_000,
      });
      const stop = new AbortController();
      const running = runner.run(command, stop.signal);
      await waitFor(
        'the checker to start in the container',
        () => (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '') || undefined,
        20_000,
      );
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(alive(pid)).toBe(true);
      if (how === 'abort') stop.abort();
      const result = await running;
      expect(result.code).not.toBe(0);
      await waitFor('the checker to end in the container', () => !alive(pid) || undefined, 10_000);
      expect(alive(pid)).toBe(false);
    },
    30_000,
  );
});

/** Whether `pid` runs (an ended one waiting to be reaped does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
