// Which backend a start uses, and the refusals when none can start: real Docker and Spark
// searches over a PATH without docker or python, and a Spark distribution made of one file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPARK_PORTS } from '../../../shared/spark-ports.ts';
import { callsOf, standInJava, standInPython } from '../../testing/python-standins.ts';
import { ServiceError } from '../kernel/errors.ts';
import { backendsHere, buildBackend, chooseBackend, type PortCheck } from './backend-choice.ts';
import { DockerBackend } from './docker-backend.ts';
import { LocalBackend } from './local-backend.ts';

// A Spark distribution as far as the search for one is concerned: bin/spark-class exists.
const sparkHome = mkdtempSync(join(tmpdir(), 'spark-exp-choice-spark-'));
mkdirSync(join(sparkHome, 'bin'));
writeFileSync(join(sparkHome, 'bin', 'spark-class'), '');
afterAll(() => rmSync(sparkHome, { recursive: true, force: true }));

// No docker and no python on this PATH, only Java 17: Docker is missing and only SPARK_HOME
// finds a Spark.
const java17 = join(sparkHome, 'java-17');
standInJava(java17, 'openjdk version "17.0.15" 2025-04-15');
const withSpark = { PATH: java17, SPARK_HOME: sparkHome };
const withoutSpark = { PATH: '/nonexistent' };

/** A port check that records what it was asked and answers `taken` when asked for it. */
function ports(taken?: number) {
  const asked: Array<readonly number[]> = [];
  const check: PortCheck = async (list) => {
    asked.push(list);
    return taken !== undefined && list.includes(taken) ? taken : undefined;
  };
  return { asked, check };
}

async function refusal(choice: Promise<unknown>): Promise<ServiceError> {
  const err = await choice.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${err}`);
  return err;
}

describe('chooseBackend', () => {
  it('chooses the local Spark of SPARK_HOME when there is no Docker, once the ports are free', async () => {
    const free = ports();
    expect(await chooseBackend(undefined, withSpark, free.check)).toEqual({
      name: 'local',
      sparkHome,
      python: undefined,
      source: 'SPARK_HOME',
    });
    // The local backend has no notebook: its port is not asked for.
    const { masterUi, master, appUi } = DEFAULT_SPARK_PORTS;
    expect(free.asked).toEqual([[masterUi], [master], [appUi]]);
  });

  it('refuses Docker asked for by name when there is no docker command, before the ports', async () => {
    const free = ports();
    const err = await refusal(chooseBackend('docker', withSpark, free.check));
    expect([err.status, err.code]).toEqual([409, 'docker_cli_missing']);
    expect(err.message).toMatch(/^Docker is not installed/);
    expect(free.asked).toEqual([]);
  });

  it('refuses a taken port by number before looking for a Spark', async () => {
    const taken = ports(DEFAULT_SPARK_PORTS.master);
    const err = await refusal(chooseBackend(undefined, withoutSpark, taken.check));
    expect([err.status, err.code]).toEqual([409, 'port_in_use']);
    expect(err.message).toBe(
      `port ${DEFAULT_SPARK_PORTS.master} is taken by another program on 127.0.0.1 (the Spark master): set --master-port / SPARK_EXPERIMENTS_MASTER_PORT to a free port, or stop that program`,
    );
  });

  it('asks for the configured ports, not the defaults', async () => {
    const moved = { ...DEFAULT_SPARK_PORTS, masterUi: 27080, master: 27077, appUi: 24040 };
    const taken = ports(24040);
    const err = await refusal(chooseBackend(undefined, withSpark, taken.check, moved));
    expect(taken.asked).toEqual([[27080], [27077], [24040]]);
    expect(err.message).toMatch(
      /^port 24040 is taken by another program on 127\.0\.0\.1 \(the application UI\)/,
    );
    expect(err.message).toContain('--app-ui-port / SPARK_EXPERIMENTS_APP_UI_PORT');
  });

  it("says why neither backend can run: Docker's reason, then the missing Spark", async () => {
    const err = await refusal(chooseBackend(undefined, withoutSpark, ports().check));
    expect([err.status, err.code]).toEqual([409, 'no_spark_backend']);
    expect(err.message).toMatch(/^Docker is not installed .* No Spark distribution found/);
  });

  it("chooses the pyspark of discovery's Python, which the jobs then run", async () => {
    const pyspark = join(sparkHome, 'site-packages', 'pyspark');
    mkdirSync(join(pyspark, 'bin'), { recursive: true });
    writeFileSync(join(pyspark, 'bin', 'spark-class'), '');
    const bin = join(sparkHome, 'pyspark-bin');
    standInJava(bin, 'openjdk version "17.0.15" 2025-04-15');
    const python = standInPython(bin, 'python', {
      pysparkHome: pyspark,
      executable: '/usr/local/bin/python3.12',
    });
    expect(
      await chooseBackend('local', { PATH: bin }, ports().check, DEFAULT_SPARK_PORTS, 'darwin'),
    ).toEqual({
      name: 'local',
      sparkHome: pyspark,
      python: '/usr/local/bin/python3.12',
      source: `pyspark (python (${python}))`,
    });
  });

  it('refuses a local start without Java 17 with the fix, once a Spark is found', async () => {
    const java11 = join(sparkHome, 'java-11');
    standInJava(java11, 'openjdk version "11.0.22" 2024-01-16');
    const wrong = await refusal(
      chooseBackend(
        'local',
        { ...withSpark, PATH: java11 },
        ports().check,
        DEFAULT_SPARK_PORTS,
        'darwin',
      ),
    );
    expect([wrong.status, wrong.code]).toEqual([409, 'java_version']);
    expect(wrong.message).toMatch(/is Java 11 .*brew install --cask temurin@17/);
    const none = await refusal(
      chooseBackend(
        'local',
        { ...withSpark, PATH: '/nonexistent' },
        ports().check,
        DEFAULT_SPARK_PORTS,
        'linux',
      ),
    );
    expect(none.code).toBe('java_missing');
    expect(none.message).toMatch(/sudo apt install openjdk-17-jre-headless/);
  });

  it('refuses the local backend on Windows at once without winutils, naming Docker Desktop', async () => {
    const bin = join(sparkHome, 'win-bin');
    const python = standInPython(bin, 'python.exe');
    const taken = ports();
    const env = { PATH: bin, SPARK_HOME: sparkHome };
    const err = await refusal(
      chooseBackend(undefined, env, taken.check, DEFAULT_SPARK_PORTS, 'win32'),
    );
    expect([err.status, err.code]).toEqual([409, 'local_needs_docker']);
    expect(err.message).toMatch(
      /^Docker is not installed.* On Windows, Spark without Docker cannot write tables \(HADOOP_HOME is not set\): start Docker Desktop/,
    );
    expect(err.message).not.toContain('\n');
    // Answered at once: no port check, no Python.
    expect(taken.asked).toEqual([]);
    expect(callsOf(python)).toEqual([]);
  });

  it('goes on on Windows when HADOOP_HOME has winutils, with the .cmd scripts', async () => {
    const hadoop = join(sparkHome, 'hadoop');
    mkdirSync(join(hadoop, 'bin'), { recursive: true });
    writeFileSync(join(hadoop, 'bin', 'winutils.exe'), '');
    writeFileSync(join(sparkHome, 'bin', 'spark-class.cmd'), '');
    const jdk = join(sparkHome, 'jdk-win');
    standInJava(join(jdk, 'bin'), 'openjdk version "17.0.15" 2025-04-15', 'java.exe');
    const env = {
      PATH: '/nonexistent',
      SPARK_HOME: sparkHome,
      HADOOP_HOME: hadoop,
      JAVA_HOME: jdk,
    };
    expect(
      await chooseBackend(undefined, env, ports().check, DEFAULT_SPARK_PORTS, 'win32'),
    ).toMatchObject({
      name: 'local',
      sparkHome,
    });
    const withoutWinutils = { ...env, HADOOP_HOME: join(sparkHome, 'no-hadoop') };
    const err = await refusal(
      chooseBackend('local', withoutWinutils, ports().check, DEFAULT_SPARK_PORTS, 'win32'),
    );
    expect(err.message).toMatch(/^On Windows, .*has no bin\\winutils\.exe\)/);
  });

  it('leaves Docker out of the reason when the local backend was asked for', async () => {
    const err = await refusal(chooseBackend('local', withoutSpark, ports().check));
    expect(err.code).toBe('no_spark_backend');
    expect(err.message).toMatch(/^No Spark distribution found/);
  });
});

describe('backendsHere', () => {
  it('reports a missing Docker and the Spark that SPARK_HOME names', async () => {
    const here = await backendsHere(withSpark, 'linux');
    expect(here.docker.state).toBe('cli_missing');
    expect(here.local).toEqual({
      available: true,
      detail: `${sparkHome} (SPARK_HOME)`,
      checked: true,
    });
  });

  it('runs no Python: a pyspark is looked for only when Spark starts', async () => {
    const bin = join(sparkHome, 'python-bin');
    const python3 = standInPython(bin, 'python3');
    const here = await backendsHere({ PATH: bin }, 'darwin');
    expect(here.local).toMatchObject({ available: false, checked: false });
    expect(here.local.detail).toMatch(/^not looked for yet/);
    expect(callsOf(python3)).toEqual([]);
    // What a start found stands in for it.
    const seen = { available: false, detail: 'No Spark distribution found', checked: true };
    expect((await backendsHere({ PATH: bin }, 'darwin', seen)).local).toBe(seen);
  });

  it('says on Windows without winutils that the local backend needs Docker', async () => {
    const here = await backendsHere({ PATH: '/nonexistent', SPARK_HOME: sparkHome }, 'win32');
    expect(here.local.available).toBe(false);
    expect(here.local.detail).toMatch(/^On Windows, Spark without Docker/);
  });
});

describe('buildBackend', () => {
  const parts = {
    dockerDir: '/nonexistent-docker',
    dataDir: '/nonexistent-data',
    env: withSpark,
    onLine: () => {},
    startTimeoutMs: 1000,
    ports: DEFAULT_SPARK_PORTS,
  };

  it('builds the backend that was chosen', () => {
    expect(buildBackend({ name: 'docker' }, parts)).toBeInstanceOf(DockerBackend);
    const local = buildBackend({ name: 'local', sparkHome }, parts);
    expect(local).toBeInstanceOf(LocalBackend);
    expect(local.name).toBe('local');
  });
});
