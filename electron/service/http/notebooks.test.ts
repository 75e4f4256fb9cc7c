// Open starter notebook over HTTP: a real HTTP server plays the stack's JupyterLab, the
// exercise is really prepared, and the token file is the one the notebook container writes.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema, notebookLinkSchema } from '../../../shared/api.ts';
import { exerciseViewSchema } from '../../../shared/exercises.ts';
import { closedPort, type FakeJupyter, startFakeJupyter } from '../../testing/fake-jupyter.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';

const TOKEN = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

describe('POST /api/exercises/{id}/notebook', () => {
  let jupyter: FakeJupyter;
  let api: InProcessApi;

  beforeAll(async () => {
    jupyter = await startFakeJupyter();
    api = startInProcessApi({
      preset: 'emulated-5s',
      startPaused: true,
      notebook: { probeUrl: jupyter.url, publicUrl: 'http://127.0.0.1:18888' },
    });
    // As the notebook container writes it at its start.
    const stack = join(api.dir, '.stack');
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, 'notebook-token'), `${TOKEN}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await api.stop();
    await jupyter.close();
  });

  it("prepares the exercise, then answers JupyterLab's address of its notebook with the token", async () => {
    const before = exerciseViewSchema.parse((await api.call('/api/exercises/01-bronze')).body);
    expect(before.prepared).toBe(false);
    const { status, body } = await api.call('/api/exercises/01-bronze/notebook', {
      method: 'POST',
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const link = notebookLinkSchema.parse(body);
    expect(link.url).toBe(
      `http://127.0.0.1:18888/lab/tree/exercises/01-bronze/01-bronze.ipynb?token=${TOKEN}`,
    );
    expect(link.notebook).toBe(join(api.dir, 'exercises', '01-bronze', '01-bronze.ipynb'));
    const after = exerciseViewSchema.parse((await api.call('/api/exercises/01-bronze')).body);
    expect(after.prepared).toBe(true);
    // The command the panel prints checks this data folder, not ./data.
    expect(after.check_command).toBe(`npm run check -- --exercise 01-bronze --data-dir ${api.dir}`);
    expect(readFileSync(link.notebook, 'utf8')).toContain('DATA_DIR');
  }, 120_000);

  it('writes the token to no log line', async () => {
    const again = await api.call('/api/exercises/01-bronze/notebook', { method: 'POST' });
    expect(again.body.url).toContain(TOKEN); // the answer has it: the logs must not
    const logs = filesUnder(join(api.dir, 'manifests', 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    for (const { path, text } of logs) expect(text.includes(TOKEN), path).toBe(false);
    const entries = await api.call('/api/logs?limit=1000');
    expect(entries.body.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries.body).includes(TOKEN)).toBe(false);
    expect(JSON.stringify((await api.call('/api/spark')).body).includes(TOKEN)).toBe(false);
  });

  it('refuses a notebook that leads outside the data folder', async () => {
    const notebook = join(api.dir, 'exercises', '01-bronze', '01-bronze.ipynb');
    const outside = join(api.dir, '..', 'outside.ipynb');
    writeFileSync(outside, readFileSync(notebook));
    rmSync(notebook);
    symlinkSync(outside, notebook);
    try {
      const { status, body } = await api.call('/api/exercises/01-bronze/notebook', {
        method: 'POST',
      });
      expect(status).toBe(409);
      expect(errorSchema.parse(body).error).toBe('outside_data_folder');
      expect(JSON.stringify(body).includes(TOKEN)).toBe(false);
    } finally {
      rmSync(notebook);
      writeFileSync(notebook, readFileSync(outside));
    }
  });

  it('answers 404 for an exercise the course does not have', async () => {
    const { status, body } = await api.call('/api/exercises/99-nope/notebook', { method: 'POST' });
    expect(status).toBe(404);
    expect(errorSchema.parse(body).error).toBe('no_such_exercise');
  });

  it('shows the notebook healthy in the Spark status, with its address and no token', async () => {
    const { body } = await api.call('/api/spark');
    expect(body.notebook).toEqual({ state: 'healthy', url: 'http://127.0.0.1:18888/lab' });
  });
});

describe('Open starter notebook without the notebook service', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    const nothing = `http://127.0.0.1:${await closedPort()}`;
    api = startInProcessApi({
      preset: 'emulated-5s',
      startPaused: true,
      notebook: { probeUrl: nothing, publicUrl: nothing },
    });
  });
  afterAll(() => api.stop());

  it('answers 409: start Spark first (and prepares nothing)', async () => {
    const { status, body } = await api.call('/api/exercises/02-timestamps/notebook', {
      method: 'POST',
    });
    expect(status).toBe(409);
    const error = errorSchema.parse(body);
    expect(error.error).toBe('notebook_not_running');
    expect(error.message).toContain('Start Spark first');
    expect((await api.call('/api/spark')).body.notebook).toEqual({ state: 'stopped', url: null });
  });
});

describe('Open starter notebook in LAN mode', () => {
  let jupyter: FakeJupyter;
  let api: InProcessApi;
  beforeAll(async () => {
    jupyter = await startFakeJupyter();
    api = startInProcessApi({
      preset: 'emulated-5s',
      startPaused: true,
      token: 'class-token',
      adminToken: 'admin-token',
      notebook: { probeUrl: jupyter.url, publicUrl: jupyter.url },
    });
  });
  afterAll(async () => {
    await api.stop();
    await jupyter.close();
  });

  it("refuses the class's read-only link: the answer would carry the notebook's token", async () => {
    const { status, body } = await api.call('/api/exercises/01-bronze/notebook', {
      method: 'POST',
      headers: { host: 'generator.lan:18000', authorization: 'Bearer class-token' },
    });
    expect(status).toBe(403);
    expect(errorSchema.parse(body).error).toBe('read_only_link');
  });
});
