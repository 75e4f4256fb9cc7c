// The local backend's jobs run the Python whose pyspark it is (PYSPARK_PYTHON), through a
// stand-in spark-submit that records what it was given.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPARK_PORTS } from '../../../shared/spark-ports.ts';
import { LocalBackend } from './local-backend.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-local-backend-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('LocalBackend.runJob', () => {
  it("runs spark-submit with the found Python as the jobs' Python", async () => {
    const sparkHome = join(scratch, 'spark');
    mkdirSync(join(sparkHome, 'bin'), { recursive: true });
    const record = join(scratch, 'submitted');
    writeFileSync(
      join(sparkHome, 'bin', 'spark-submit'),
      `#!/bin/sh\necho "$PYSPARK_PYTHON $PYSPARK_DRIVER_PYTHON $SPARK_HOME" > "${record}"\n`,
    );
    chmodSync(join(sparkHome, 'bin', 'spark-submit'), 0o755);
    const backend = new LocalBackend({
      sparkHome,
      python: '/home/ana/.local/share/spark-experiments/python/envs/e1/bin/python',
      platform: 'linux',
      dockerDir: join(scratch, 'docker'),
      dataDir: join(scratch, 'data'),
      env: { PATH: '/usr/bin:/bin' },
      onLine: () => {},
      startTimeoutMs: 1000,
      ports: DEFAULT_SPARK_PORTS,
    });
    expect(await backend.runJob('bronze', [], () => {})).toBe(0);
    const python = '/home/ana/.local/share/spark-experiments/python/envs/e1/bin/python';
    expect(readFileSync(record, 'utf8').trim()).toBe(`${python} ${python} ${sparkHome}`);
  });
});
