// GET /api/doctor and Spark's configured ports over a real `serve` with a stand-in `docker` on
// PATH: the ports come from SPARK_EXPERIMENTS_*_PORT and the flags, health and the doctor show
// them, and Start Spark refuses a taken notebook port with a 409 that names the setting.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReportSchema, errorSchema, sparkStatusSchema } from '../../../shared/api.ts';
import { parsed } from '../../testing/api-checks.ts';
import { finished, startCli } from '../../testing/cli.ts';
import { type Served, serve } from '../../testing/serve.ts';
import { freePort, standInPaths } from '../../testing/stand-in-docker.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-doctor-api-'));
const paths = standInPaths(scratch);
const running: Served[] = [];
const blocker: Server = createServer();
let env: NodeJS.ProcessEnv;
let ports: { masterUi: number; master: number; appUi: number; notebook: number };

beforeAll(async () => {
  ports = {
    masterUi: await freePort(),
    master: await freePort(),
    appUi: await freePort(),
    notebook: await freePort(),
  };
  // Another program on the notebook's port.
  await new Promise<void>((resolve) => blocker.listen(ports.notebook, '127.0.0.1', resolve));
  env = {
    ...process.env,
    PATH: paths.withDocker,
    FAKE_DOCKER_MODE: 'ready',
    FAKE_DOCKER_MEMTOTAL: String(16 * 1024 ** 3),
    SPARK_EXPERIMENTS_MASTER_UI_PORT: String(ports.masterUi),
    SPARK_EXPERIMENTS_MASTER_PORT: String(ports.master),
    SPARK_EXPERIMENTS_APP_UI_PORT: String(ports.appUi),
    SPARK_EXPERIMENTS_NOTEBOOK_PORT: String(ports.notebook),
  };
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  blocker.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function served(args: string[] = []): Promise<Served> {
  const s = await serve(
    ['--data-dir', join(scratch, `d${running.length}`), '--paused', ...args],
    (a) => startCli(a, { env }),
  );
  running.push(s);
  return s;
}

describe('Spark’s ports and the doctor over HTTP', () => {
  it('answers GET /api/doctor with each check, the held notebook port a problem with its fix', async () => {
    const api = await served();
    const r = await api.call('/api/doctor');
    expect(r.status).toBe(200);
    const report = parsed(doctorReportSchema, r.body);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === 'problem').map((c) => c.id)).toEqual([
      'port-notebook',
    ]);
    expect(report.checks.find((c) => c.id === 'port-master-ui')).toMatchObject({
      status: 'ok',
      summary: `127.0.0.1:${ports.masterUi} is free`,
    });
    expect(report.checks.find((c) => c.id === 'docker-memory')?.summary).toContain('normal size');
  });

  it('shows the configured ports in the Spark status, a flag over the environment', async () => {
    const flagged = await freePort();
    const api = await served(['--master-ui-port', String(flagged)]);
    const status = parsed(sparkStatusSchema, (await api.call('/api/spark')).body);
    expect(status.ports).toEqual({
      master_ui: flagged,
      master: ports.master,
      app_ui: ports.appUi,
      notebook: ports.notebook,
    });
  });

  it('refuses Start Spark with a 409 naming the taken notebook port and the setting', async () => {
    const api = await served();
    const r = await api.call('/api/spark/up', { method: 'POST', json: {} });
    expect(r.status).toBe(409);
    expect(parsed(errorSchema, r.body)).toEqual({
      error: 'port_in_use',
      message: `port ${ports.notebook} is taken by another program on 127.0.0.1 (the notebook): set --notebook-port / SPARK_EXPERIMENTS_NOTEBOOK_PORT to a free port, or stop that program`,
    });
    const status = parsed(sparkStatusSchema, (await api.call('/api/spark')).body);
    expect(status.state).toBe('stopped');
  });

  it('refuses to serve with a port setting that is not a port, naming it (exit 2)', async () => {
    const result = await finished(
      startCli(['serve', '--port', '0', '--data-dir', join(scratch, 'bad')], {
        env: { ...env, SPARK_EXPERIMENTS_NOTEBOOK_PORT: 'notebook' },
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: bad_port: SPARK_EXPERIMENTS_NOTEBOOK_PORT (notebook) must be a whole number from 1 to 65535\n',
    );
  });
});
