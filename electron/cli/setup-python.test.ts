// `npm run setup:python` as users run it: its steps on stderr, one line of outcome, the exit
// code. The pinned set itself is installed only when SPARK_EXPERIMENTS_REAL_SETUP=1 (it
// downloads ~320 MB the first time); the logic is covered offline in
// electron/service/python/setup.test.ts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../service/python/discovery.ts';
import { currentManagedEnv, MANAGED_DIR_VARIABLE } from '../service/python/locations.ts';
import { finished, startCli } from '../testing/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-setup-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run setup:python', () => {
  it('says there is no Python to start from, with its steps, exit 2', async () => {
    const result = await finished(
      startCli(['setup:python'], {
        env: { PATH: join(scratch, 'no-bin'), [MANAGED_DIR_VARIABLE]: join(scratch, 'managed') },
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "[1/7] Checking the app's Python\n[2/7] Looking for Python 3.9 or newer\nerror: no_base_python: no Python 3 found (python3: not on PATH; python: not on PATH): install Python 3.9 or newer (https://www.python.org/downloads/) or set SPARK_EXPERIMENTS_PYTHON to it\n",
    );
  });

  it.runIf(process.env.SPARK_EXPERIMENTS_REAL_SETUP === '1')(
    'installs pyspark 3.5.8, delta-spark, JupyterLab and ipykernel, then is up to date',
    async () => {
      const root = join(scratch, 'real');
      const env = { ...process.env, [MANAGED_DIR_VARIABLE]: root };
      const first = await finished(startCli(['setup:python'], { env }));
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/\[5\/7\] Installing pyspark==3\.5\.8, delta-spark==3\.3\.2/);
      expect(first.stdout).toMatch(/^The app's Python is ready/);
      const managed = currentManagedEnv(env, process.platform);
      const pysparkHome = managed?.env.pyspark_home as string;
      expect(existsSync(join(pysparkHome, 'bin', 'spark-class'))).toBe(true);
      const found = (await resolvePython({ env, wantPyspark: true })).found;
      expect(found).toMatchObject({ source: 'managed', pyspark: '3.5.8' });
      const again = await finished(startCli(['setup:python'], { env }));
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^The app's Python is up to date/);
    },
    30 * 60_000,
  );
});
