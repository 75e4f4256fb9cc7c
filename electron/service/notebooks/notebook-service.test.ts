// The notebook service as the panel and Open starter notebook see it: a real HTTP server plays
// Jupyter on 127.0.0.1, the token and the notebooks are real files.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, type FakeJupyter, startFakeJupyter } from '../../testing/fake-jupyter.ts';
import type { ServiceError } from '../kernel/errors.ts';
import { sparkPortsFrom } from '../spark/ports.ts';
import { NotebookService, notebookAddress, notebookState } from './notebook-service.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-notebook-'));
const data = join(scratch, 'data');
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let jupyter: FakeJupyter;

beforeAll(async () => {
  jupyter = await startFakeJupyter();
  mkdirSync(join(data, '.stack'), { recursive: true });
  mkdirSync(join(data, 'exercises', '01-bronze'), { recursive: true });
  writeFileSync(join(data, 'exercises', '01-bronze', '01-bronze.ipynb'), '{}');
});
afterAll(async () => {
  await jupyter.close();
  rmSync(scratch, { recursive: true, force: true });
});

function code(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as ServiceError).code;
  }
  return 'no error';
}

describe('the notebook service', () => {
  it('is on 127.0.0.1:18888 unless SPARK_EXPERIMENTS_NOTEBOOK_PORT or serve --notebook says otherwise', () => {
    const port = (env: NodeJS.ProcessEnv) => sparkPortsFrom(env).notebook;
    expect(port({})).toBe(18888);
    expect(port({ SPARK_EXPERIMENTS_NOTEBOOK_PORT: '19999' })).toBe(19999);
    expect(() => port({ SPARK_EXPERIMENTS_NOTEBOOK_PORT: 'x' })).toThrow(
      /SPARK_EXPERIMENTS_NOTEBOOK_PORT/,
    );
    expect(notebookAddress(port({ SPARK_EXPERIMENTS_NOTEBOOK_PORT: '19999' }))).toEqual({
      publicUrl: 'http://127.0.0.1:19999',
      probeUrl: 'http://127.0.0.1:19999',
    });
    // In the compose project the service reaches it by name, the browser on 127.0.0.1.
    expect(notebookAddress(port({}), { probeUrl: 'http://notebook:8888/' })).toEqual({
      publicUrl: 'http://127.0.0.1:18888',
      probeUrl: 'http://notebook:8888',
    });
  });

  it('tells the states apart from the probe and the container', () => {
    expect(notebookState('ok')).toBe('healthy');
    expect(notebookState('refused')).toBe('stopped');
    expect(notebookState('failing')).toBe('unhealthy');
    expect(notebookState('refused', { state: 'running', health: 'starting' })).toBe('starting');
    expect(notebookState('refused', { state: 'running', health: 'unhealthy' })).toBe('unhealthy');
    expect(notebookState('refused', { state: 'exited', health: '' })).toBe('stopped');
    expect(notebookState('ok', { state: 'running', health: 'starting' })).toBe('healthy');
  });

  it('probes Jupyter with GET /api: healthy, failing, or nothing there', async () => {
    const at = (url: string) =>
      new NotebookService({ dataDir: data, address: { probeUrl: url, publicUrl: url } });
    expect(await at(jupyter.url).status()).toEqual({
      state: 'healthy',
      url: `${jupyter.url}/lab`,
    });
    jupyter.status = 500;
    expect(await at(jupyter.url).status()).toEqual({ state: 'unhealthy', url: null });
    jupyter.status = 200;
    const nothing = `http://127.0.0.1:${await closedPort()}`;
    expect(await at(nothing).status()).toEqual({ state: 'stopped', url: null });
    const refused = await at(nothing)
      .requireRunning()
      .catch((err: ServiceError) => err);
    expect((refused as ServiceError).code).toBe('notebook_not_running');
    expect((refused as ServiceError).message).toContain('Start Spark first');
  });

  it("links to a notebook in the data folder with the token of the notebook's last start", () => {
    const service = new NotebookService({
      dataDir: data,
      address: { probeUrl: jupyter.url, publicUrl: 'http://127.0.0.1:18888' },
    });
    const notebook = join(data, 'exercises', '01-bronze', '01-bronze.ipynb');
    expect(code(() => service.linkTo(notebook))).toBe('notebook_token_missing');
    writeFileSync(join(data, '.stack', 'notebook-token'), `${TOKEN}\n`);
    expect(service.linkTo(notebook)).toBe(
      `http://127.0.0.1:18888/lab/tree/exercises/01-bronze/01-bronze.ipynb?token=${TOKEN}`,
    );
  });

  it('refuses a notebook outside the data folder, also through a symlink', () => {
    writeFileSync(join(data, '.stack', 'notebook-token'), `${TOKEN}\n`);
    const service = new NotebookService({ dataDir: data, address: notebookAddress(18888) });
    const outside = join(scratch, 'outside.ipynb');
    writeFileSync(outside, '{}');
    symlinkSync(outside, join(data, 'exercises', 'linked.ipynb'));
    expect(code(() => service.linkTo(outside))).toBe('outside_data_folder');
    expect(code(() => service.linkTo(join(data, 'exercises', 'linked.ipynb')))).toBe(
      'outside_data_folder',
    );
    expect(code(() => service.linkTo(join(data, 'exercises', '..', '..', 'outside.ipynb')))).toBe(
      'outside_data_folder',
    );
  });
});
