// `npm run check` where Spark runs: with the stack of this data folder up, the checker runs in
// its notebook container and this machine's Python is never needed. Stand-ins on PATH: a
// `docker` with the notebook container (electron/testing/fake-docker-notebook.sh) and a
// `python3` without pyspark. The real CLI runs as a child process.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, startCli } from '../testing/cli.ts';
import { standInDocker } from '../testing/stand-in-docker.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-cli-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const bin = standInDocker(join(scratch, 'bin'), 'fake-docker-notebook.sh');
writeFileSync(
  join(bin, 'python3'),
  `#!/bin/sh\necho "ModuleNotFoundError: No module named 'pyspark'" >&2\nexit 1\n`,
);
chmodSync(join(bin, 'python3'), 0o755);
// Discovery tries these too: none has pyspark here.
copyFileSync(join(bin, 'python3'), join(bin, 'python'));
chmodSync(join(bin, 'python'), 0o755);
// A data folder whose path a shell would split.
const data = join(scratch, 'my data');
const card = join(scratch, 'card.json');
const table = '/data/exercises/01-bronze/lake/bronze';
writeFileSync(
  card,
  `${JSON.stringify({
    exercise: '01-bronze',
    table,
    format: null,
    rows: null,
    passed: false,
    checks: [
      {
        name: 'the table can be read',
        passed: false,
        expected: 'a table',
        got: 'nothing',
        message: `there is no table at ${table}: run your solution first (it must write there)`,
        examples: [],
      },
    ],
  })}\n`,
);

describe('npm run check with the Spark stack of the data folder running', () => {
  it('checks in the notebook container, says so, and prints the command again with the data folder', async () => {
    const log = join(scratch, 'docker.log');
    const result = await finished(
      startCli(['check', '--exercise', '01-bronze', '--data-dir', data], {
        cwd: scratch,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          FAKE_NB_DATA: data,
          FAKE_NB_CARD: card,
          FAKE_DOCKER_LOG: log,
        },
      }),
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      "checking 01-bronze with Spark in the Spark stack's notebook container (docker compose exec notebook): the Spark stack of this data folder is running",
    );
    expect(result.stdout).toContain('NOT YET');
    // The card names the table as this machine sees it.
    expect(result.stdout).toContain(
      `table: ${join(data, 'exercises', '01-bronze', 'lake', 'bronze')}`,
    );
    expect(result.stdout).toContain(
      `check again when your table is written: npm run check -- --exercise 01-bronze --data-dir "${data}"`,
    );
    // The answer key went into the data folder, where the container reads it.
    expect(existsSync(join(data, 'exercises', '01-bronze', '.answers', 'events.csv'))).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain(
      '--table /data/exercises/01-bronze/lake/bronze --answers /data/exercises/01-bronze/.answers',
    );
  }, 120_000);

  it('says to start Spark when there is Docker, no stack, and no Python with pyspark', async () => {
    const result = await finished(
      startCli(['check', '--exercise', '01-bronze', '--data-dir', data], {
        cwd: scratch,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          FAKE_NB: 'none',
          SPARK_EXPERIMENTS_PYTHON: join(bin, 'python3'),
          HOME: scratch,
        },
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Docker is running and this Python has no pyspark');
    expect(result.stderr).toContain('Start Spark first');
  }, 120_000);
});
