// The doctor over a stand-in `docker` on PATH (electron/testing/fake-docker.sh) and real
// listeners: one test per problem a student meets, each with its line and its fix.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorReport, doctorReportSchema } from '../../../shared/api.ts';
import type { SparkPorts } from '../../../shared/spark-ports.ts';
import { REPO_ROOT } from '../../testing/presets.ts';
import { standInJava, standInPython } from '../../testing/python-standins.ts';
import { freePort, standInPaths } from '../../testing/stand-in-docker.ts';
import { diskCheck } from './disk-check.ts';
import { type DoctorOptions, runDoctor } from './doctor.ts';
import { NODE_MIN, nodeCheck } from './node-check.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-doctor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const paths = standInPaths(scratch);
const GiB = 1024 ** 3;

let ports: SparkPorts;
beforeAll(async () => {
  // Free ports of the OS's choosing: another Spark on this machine must not change the answers.
  ports = {
    masterUi: await freePort(),
    master: await freePort(),
    appUi: await freePort(),
    notebook: await freePort(),
  };
});

function doctor(env: Record<string, string>, extra: Partial<DoctorOptions> = {}) {
  return runDoctor({
    dataDir: join(scratch, 'data'),
    env: { PATH: paths.withDocker, FAKE_DOCKER_MODE: 'ready', ...env },
    ports,
    extraChecks: [],
    ...extra,
  });
}

const line = (report: DoctorReport, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} among ${report.checks.map((c) => c.id)}`);
  return found;
};

describe('the doctor', () => {
  it('finds nothing wrong on a ready machine, one line per check, each with its versions', async () => {
    const report = doctorReportSchema.parse(
      await doctor({ FAKE_DOCKER_MEMTOTAL: String(16 * GiB) }),
    );
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'node',
      'docker-cli',
      'docker-engine',
      'docker-compose',
      'docker-memory',
      'disk',
      'port-master-ui',
      'port-master',
      'port-app-ui',
      'port-notebook',
    ]);
    expect(line(report, 'docker-cli').summary).toBe('docker 28.2.2');
    expect(line(report, 'docker-engine').summary).toBe(
      'engine 28.2.2 running (Docker Desktop, 4 CPUs)',
    );
    expect(line(report, 'docker-compose').summary).toBe('compose 2.36.2');
    expect(line(report, 'docker-memory')).toMatchObject({
      status: 'ok',
      summary: expect.stringMatching(
        /^the engine has 16\.0 GiB: the stack runs at its normal size: a 2g worker/,
      ),
    });
  });

  it('calls an engine with too little memory a problem, naming Settings → Resources → Memory and the figures', async () => {
    const report = await doctor({ FAKE_DOCKER_MEMTOTAL: String(2 * GiB) });
    expect(report.ok).toBe(false);
    expect(line(report, 'docker-memory')).toEqual({
      id: 'docker-memory',
      title: 'Docker engine memory',
      status: 'problem',
      summary:
        'the engine has 2.0 GiB; the Spark stack needs at least 3 GiB, so Start Spark refuses',
      fix: "give Docker 6 GB (at least 3) in Docker Desktop's Settings → Resources → Memory",
    });
  });

  it('sizes the stack down for a 4 GB engine and says how to get the normal size', async () => {
    const report = await doctor({ FAKE_DOCKER_MEMTOTAL: String(3.8 * GiB) });
    expect(report.ok).toBe(true);
    expect(line(report, 'docker-memory')).toMatchObject({
      status: 'warn',
      summary: expect.stringContaining('small size: a 1g worker'),
      fix: expect.stringContaining('Settings → Resources → Memory'),
    });
  });

  it('tells a missing Docker CLI apart, and skips what needs it', async () => {
    const report = await doctor({ PATH: paths.withoutDocker });
    expect(report.ok).toBe(false);
    expect(line(report, 'docker-cli')).toMatchObject({
      status: 'problem',
      summary: 'no docker command on PATH',
      fix: expect.stringMatching(/^install Docker Desktop/),
    });
    for (const id of ['docker-engine', 'docker-compose', 'docker-memory'])
      expect(line(report, id)).toMatchObject({
        status: 'skipped',
        summary: 'needs the Docker CLI',
      });
  });

  it('tells an engine that is not running apart, with Docker’s own words and how to start it', async () => {
    const report = await doctor({ FAKE_DOCKER_MODE: 'engine_down' });
    expect(report.ok).toBe(false);
    expect(line(report, 'docker-cli').status).toBe('ok');
    expect(line(report, 'docker-engine')).toMatchObject({
      status: 'problem',
      summary: expect.stringMatching(
        /^the Docker engine is not running: Cannot connect to the Docker daemon/,
      ),
      fix: expect.stringMatching(/^start Docker Desktop/),
    });
    expect(line(report, 'docker-memory').status).toBe('skipped');
  });

  it('tells a missing compose plugin apart', async () => {
    const report = await doctor({ FAKE_DOCKER_MODE: 'compose_missing' });
    expect(line(report, 'docker-compose')).toMatchObject({
      status: 'problem',
      fix: expect.stringContaining('docker-compose-plugin'),
    });
  });

  it('answers within its time limit when Docker hangs, and ends the hanging calls', async () => {
    const calls = join(scratch, 'hang-calls.log');
    const started = Date.now();
    const report = await doctor(
      { FAKE_DOCKER_MODE: 'hang', FAKE_DOCKER_LOG: calls },
      { timeoutMs: 1000 },
    );
    expect(Date.now() - started).toBeLessThan(4000);
    for (const id of ['docker-cli', 'docker-engine', 'docker-compose', 'docker-memory'])
      expect(line(report, id)).toMatchObject({
        status: 'problem',
        summary: 'no answer within 1 s',
      });
    // The checks that need no Docker still answered.
    expect(line(report, 'node').status).toBe('ok');
    expect(line(report, 'disk').status).not.toBe('problem');
    // Every docker call was started (and the stand-in's sleep ended with it).
    expect(readFileSync(calls, 'utf8')).toContain('docker info --format {{json .}}');
  });

  it('calls a port held by another program a problem with the flag and variable that move it', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.notebook, '127.0.0.1', resolve));
    try {
      const report = await doctor({ FAKE_DOCKER_MEMTOTAL: String(16 * GiB) });
      expect(report.ok).toBe(false);
      expect(line(report, 'port-notebook')).toEqual({
        id: 'port-notebook',
        title: `Port ${ports.notebook} (the notebook)`,
        status: 'problem',
        summary: `127.0.0.1:${ports.notebook} is used by another program, so Spark cannot start`,
        fix: 'set --notebook-port / SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port, or stop that program',
      });
      expect(line(report, 'port-master-ui').status).toBe('ok');
      // The same port published by this project's own stack is ours, not a problem.
      const ours = await doctor({
        FAKE_DOCKER_MEMTOTAL: String(16 * GiB),
        FAKE_DOCKER_PORTS: `127.0.0.1:${ports.notebook}->8888/tcp`,
      });
      expect(line(ours, 'port-notebook')).toMatchObject({
        status: 'ok',
        summary: `127.0.0.1:${ports.notebook} is used by this app's Spark`,
      });
    } finally {
      blocker.close();
    }
  });

  it('runs the checks plugged in for the local path, and a failing one is a problem of its own', async () => {
    const report = await doctor(
      {},
      {
        extraChecks: [
          async () => ({
            id: 'java',
            title: 'Java',
            status: 'problem',
            summary: 'Java 11 found; Spark 3.5 here needs Java 17',
            fix: 'install Java 17',
          }),
          async function pyspark() {
            throw new Error('python3 crashed');
          },
        ],
      },
    );
    expect(report.checks.slice(-2)).toEqual([
      expect.objectContaining({ id: 'java', status: 'problem' }),
      expect.objectContaining({
        id: 'pyspark',
        status: 'problem',
        summary: 'the check itself failed: python3 crashed',
      }),
    ]);
  });
});

describe('the doctor’s own checks', () => {
  it('needs the Node that package.json’s engines names', () => {
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe(`>=${NODE_MIN.join('.')}`);
    expect(nodeCheck('22.13.0').status).toBe('ok');
    expect(nodeCheck('24.1.0').status).toBe('ok');
    expect(nodeCheck('22.12.1')).toMatchObject({
      status: 'problem',
      summary: 'Node 22.12.1 is too old (needs 22.13 or newer)',
    });
    expect(nodeCheck('20.19.0').status).toBe('problem');
  });

  it('weighs free disk against the generator’s floor (SPARK_EXPERIMENTS_MIN_FREE_MB)', () => {
    const dir = join(scratch, 'not-made-yet', 'data');
    const free = (bytes: number) => () => bytes;
    expect(diskCheck(dir, {}, free(100 * 1024 ** 2))).toMatchObject({
      status: 'problem',
      summary: `100 MiB free for ${dir}, below the 256 MiB floor: generation stops there`,
    });
    expect(
      diskCheck(dir, { SPARK_EXPERIMENTS_MIN_FREE_MB: '50' }, free(100 * 1024 ** 2)).status,
    ).toBe('warn');
    expect(diskCheck(dir, {}, free(10 * GiB)).status).toBe('ok');
    expect(diskCheck(dir, { SPARK_EXPERIMENTS_MIN_FREE_MB: 'lots' }, free(10 * GiB))).toMatchObject(
      {
        status: 'problem',
        summary: expect.stringContaining('SPARK_EXPERIMENTS_MIN_FREE_MB (lots) must be a number'),
      },
    );
    // The real statfs of the nearest folder that exists.
    expect(diskCheck(dir, {}).summary).toMatch(/free for /);
  });
});

describe('the doctor, for Spark without Docker', () => {
  it('adds the Python, pyspark and Java lines by default, read with its own environment', async () => {
    const bin = join(scratch, 'local-path-bin');
    standInPython(bin, 'python3', { version: '3.11.7', pyspark: null });
    standInJava(bin, 'openjdk version "11.0.22" 2024-01-16');
    const report = await runDoctor({
      dataDir: join(scratch, 'data'),
      env: { PATH: `${bin}:${paths.withDocker}`, FAKE_DOCKER_MODE: 'ready' },
      ports,
    });
    expect(line(report, 'python').status).toBe('ok');
    expect(line(report, 'pyspark')).toMatchObject({ status: 'warn' });
    expect(line(report, 'java')).toMatchObject({ status: 'warn' });
    expect(line(report, 'java').summary).toMatch(/Java 17/);
    // A student with Docker needs none of the three: warnings, not problems.
    expect(report.ok).toBe(true);
  });
});
