// Which backend a start uses, and the refusals when none can start: real Docker and Spark
// searches over a PATH without docker or python, and a Spark distribution made of one file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPARK_PORTS } from '../../../shared/spark-ports.ts';
import { ServiceError } from '../kernel/errors.ts';
import { backendsHere, buildBackend, chooseBackend, type PortCheck } from './backend-choice.ts';
import { DockerBackend } from './docker-backend.ts';
import { APP_UI_PORT, MASTER_PORT, MASTER_UI_PORT } from './local.ts';
import { LocalBackend } from './local-backend.ts';

// A Spark distribution as far as the search for one is concerned: bin/spark-class exists.
const sparkHome = mkdtempSync(join(tmpdir(), 'spark-exp-choice-spark-'));
mkdirSync(join(sparkHome, 'bin'));
writeFileSync(join(sparkHome, 'bin', 'spark-class'), '');
afterAll(() => rmSync(sparkHome, { recursive: true, force: true }));

// No docker and no python on this PATH: Docker is missing and only SPARK_HOME finds a Spark.
const withSpark = { PATH: '/nonexistent', SPARK_HOME: sparkHome };
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
    });
    // The local backend has no notebook: its port is not asked for.
    expect(free.asked).toEqual([[MASTER_UI_PORT], [MASTER_PORT], [APP_UI_PORT]]);
  });

  it('refuses Docker asked for by name when there is no docker command, before the ports', async () => {
    const free = ports();
    const err = await refusal(chooseBackend('docker', withSpark, free.check));
    expect([err.status, err.code]).toEqual([409, 'docker_cli_missing']);
    expect(err.message).toMatch(/^Docker is not installed/);
    expect(free.asked).toEqual([]);
  });

  it('refuses a taken port by number before looking for a Spark', async () => {
    const taken = ports(MASTER_PORT);
    const err = await refusal(chooseBackend(undefined, withoutSpark, taken.check));
    expect([err.status, err.code]).toEqual([409, 'port_in_use']);
    expect(err.message).toBe(
      `port ${MASTER_PORT} is taken by another program on 127.0.0.1 (the Spark master): set --master-port / SPARK_EXPERIMENTS_MASTER_PORT to a free port, or stop that program`,
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

  it('leaves Docker out of the reason when the local backend was asked for', async () => {
    const err = await refusal(chooseBackend('local', withoutSpark, ports().check));
    expect(err.code).toBe('no_spark_backend');
    expect(err.message).toMatch(/^No Spark distribution found/);
  });
});

describe('backendsHere', () => {
  it('reports a missing Docker and the Spark that SPARK_HOME names', async () => {
    const here = await backendsHere(withSpark);
    expect(here.docker.state).toBe('cli_missing');
    expect(here.local).toEqual({ available: true, detail: `${sparkHome} (SPARK_HOME)` });
  });

  it('reports no local Spark, with what to install', async () => {
    const here = await backendsHere(withoutSpark);
    expect(here.local.available).toBe(false);
    expect(here.local.detail).toMatch(/^No Spark distribution found: set SPARK_HOME/);
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
