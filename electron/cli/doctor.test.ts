// `npm run doctor` as users meet it, over real processes and a stand-in `docker` on PATH:
// one line per check, `--json`, exit 0 with no problem and 1 with one.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReportSchema } from '../../shared/api.ts';
import { finished, startCli } from '../testing/cli.ts';
import { freePort, standInPaths } from '../testing/stand-in-docker.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-doctor-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const paths = standInPaths(scratch);

let portFlags: string[];
beforeAll(async () => {
  portFlags = [
    '--master-ui-port',
    String(await freePort()),
    '--master-port',
    String(await freePort()),
    '--app-ui-port',
    String(await freePort()),
    // A test that needs its own notebook port gives it again (the last one counts).
    '--notebook-port',
    String(await freePort()),
  ];
});

function doctor(args: string[], env: Record<string, string>) {
  return finished(
    startCli(['doctor', '--data-dir', join(scratch, 'data'), ...portFlags, ...args], {
      env: { ...process.env, PATH: paths.withDocker, FAKE_DOCKER_MODE: 'ready', ...env },
    }),
  );
}

describe('npm run doctor', { concurrent: true }, () => {
  it('prints one line per check and exits 0 when nothing is wrong', async () => {
    const notebook = String(await freePort());
    const result = await doctor(['--notebook-port', notebook], {
      FAKE_DOCKER_MEMTOTAL: String(16 * 1024 ** 3),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // One line per check: Node, Docker (4), disk, the four ports, Python, pyspark and Java (Python and
    // Java warn here, with their fix lines, and pyspark is skipped: this PATH has no Python or Java).
    expect(lines.filter((l) => /^(ok|warn|PROBLEM|skipped) /.test(l))).toHaveLength(13);
    expect(lines.filter((l) => /^warn /.test(l)).map((l) => l.split(/ {2,}/)[1])).toEqual([
      'Python (Spark without Docker)',
      'Java 17 (Spark without Docker)',
    ]);
    expect(lines.some((l) => /^skipped +pyspark 3\.5\.8 \(Spark without Docker\)/.test(l))).toBe(
      true,
    );
    expect(lines[0]).toMatch(/^ok {6}Node\.js +Node \d+\.\d+\.\d+ \(needs 22\.13 or newer\)$/);
    expect(lines).toContain(lines.find((l) => /^ok {6}Docker Compose +compose 2\.36\.2$/.test(l)));
    expect(result.stdout).toContain(`127.0.0.1:${notebook} is free`);
    expect(lines.at(-1)).toBe('no problems found');
  });

  it('--json prints the report, and a problem exits 1 with its fix', async () => {
    const blocker: Server = createServer();
    const notebook = await freePort();
    await new Promise<void>((resolve) => blocker.listen(notebook, '127.0.0.1', resolve));
    try {
      const result = await doctor(['--json', '--notebook-port', String(notebook)], {
        FAKE_DOCKER_MEMTOTAL: String(2 * 1024 ** 3),
      });
      expect(result.code).toBe(1);
      const report = doctorReportSchema.parse(JSON.parse(result.stdout));
      expect(report.ok).toBe(false);
      const problems = report.checks.filter((c) => c.status === 'problem').map((c) => c.id);
      expect(problems).toEqual(['docker-memory', 'port-notebook']);
      expect(report.checks.find((c) => c.id === 'port-notebook')?.fix).toMatch(
        /^set --notebook-port \/ SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port/,
      );
    } finally {
      blocker.close();
    }
  });

  it('prints a problem with its fix under it, and the count, without --json', async () => {
    const result = await doctor([], { PATH: paths.withoutDocker });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^PROBLEM Docker CLI +no docker command on PATH\n +fix: install Docker Desktop/m,
    );
    expect(result.stdout).toMatch(/^skipped Docker engine +needs the Docker CLI$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 problem to fix before Spark can run this way',
    );
  });

  it('refuses a port flag that is not a port, exit 2', async () => {
    const result = await doctor(['--notebook-port', 'lots'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --notebook-port \(lots\) must be a whole number from 1 to 65535/,
    );
  });
});
