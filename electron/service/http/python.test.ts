// POST /api/python/setup and GET /api/python/setup: a real set-up (a local wheel, offline)
// followed by polling, one at a time, and a failure reported with its code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonSetupStatusSchema } from '../../../shared/api/python-setup.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { tinyWheels } from '../../testing/python-standins.ts';
import { waitFor } from '../../testing/serve.ts';
import { MANAGED_DIR_VARIABLE } from '../python/locations.ts';
import { PythonSetupRunner } from '../python/setup-runner.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-python-api-'));
const apis: InProcessApi[] = [];
afterAll(async () => {
  for (const api of apis) await api.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function finished(api: InProcessApi) {
  return waitFor(
    'the set-up to finish',
    async () => {
      const status = pythonSetupStatusSchema.parse((await api.call('/api/python/setup')).body);
      return status.state === 'running' ? undefined : status;
    },
    60_000,
  );
}

describe('/api/python/setup', () => {
  it('sets up the Python in the background, reporting its steps and pip lines, one at a time', async () => {
    const python = new PythonSetupRunner({
      env: { ...process.env, [MANAGED_DIR_VARIABLE]: join(scratch, 'managed') },
      setup: {
        pins: ['tinypkg==1.0'],
        pip: null,
        pipArgs: ['--no-index', '--find-links', tinyWheels(join(scratch, 'wheels'))],
      },
    });
    const api = startInProcessApi({ startPaused: true, python });
    apis.push(api);
    const idle = pythonSetupStatusSchema.parse((await api.call('/api/python/setup')).body);
    expect(idle.state).toBe('idle');
    const started = await api.call('/api/python/setup', { method: 'POST' });
    expect(started.status).toBe(202);
    expect(pythonSetupStatusSchema.parse(started.body).state).toBe('running');
    const again = await api.call('/api/python/setup', { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('python_setup_running');
    const done = await finished(api);
    expect(done).toMatchObject({ state: 'succeeded', step: 6, steps: 6, error_code: null });
    expect(done.message).toMatch(/^The app's Python is ready \(tinypkg==1\.0\)/);
    expect(done.lines).toContain('Successfully installed tinypkg-1.0');
    expect(done.python).toContain(join(scratch, 'managed', 'envs'));
    // A second set-up with the same pins is up to date.
    expect((await api.call('/api/python/setup', { method: 'POST' })).status).toBe(202);
    expect((await finished(api)).message).toMatch(/^The app's Python is up to date/);
  }, 120_000);

  it('reports a set-up that cannot be done with its code and message', async () => {
    // The default of the in-process API: an environment without a home folder.
    const api = startInProcessApi({ startPaused: true });
    apis.push(api);
    expect((await api.call('/api/python/setup', { method: 'POST' })).status).toBe(202);
    const done = await finished(api);
    expect(done).toMatchObject({ state: 'failed', error_code: 'python_setup_failed' });
    expect(done.message).toMatch(/^no home folder in the environment/);
  });
});
