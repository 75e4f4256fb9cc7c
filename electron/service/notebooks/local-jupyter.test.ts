// JupyterLab without Docker, started as a real child process from a stand-in of the app's own
// Python (a script that serves GET /api like Jupyter, on the port and with the token it is
// given), so the command line, the environment and the token file are what they would be.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../testing/fake-jupyter.ts';
import { MANAGED_DIR_VARIABLE, venvPython } from '../python/locations.ts';
import { LocalJupyterServer } from './local-jupyter.ts';
import { NotebookService } from './notebook-service.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-local-jupyter-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A managed Python whose `-m jupyterlab` records its arguments and serves GET /api. */
function standInManagedPython(root: string, behaviour: 'serve' | 'fail'): void {
  const python = venvPython(join(root, 'envs', 'e1'), 'linux');
  mkdirSync(join(root, 'envs', 'e1', 'bin'), { recursive: true });
  const server = `
const http = require('node:http');
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(join(root, 'call.json'))}, JSON.stringify({ args, token: process.env.JUPYTER_TOKEN, pyspark: process.env.PYSPARK_PYTHON, cwd: process.cwd() }));
if (${JSON.stringify(behaviour)} === 'fail') { console.error('OSError: [Errno 98] Address already in use'); process.exit(1); }
const port = Number(args.find((a) => a.startsWith('--ServerApp.port=')).split('=')[1]);
http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(req.url === '/api' ? '{"version":"2.17.0"}' : '{}'); })
  .listen(port, '127.0.0.1', () => console.log('Jupyter Server is running at http://127.0.0.1:' + port + '/lab?token=...'));
`;
  writeFileSync(join(root, 'server.cjs'), server);
  writeFileSync(
    python,
    `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'server.cjs')}" "$@"\n`,
  );
  chmodSync(python, 0o755);
  writeFileSync(
    join(root, 'current.json'),
    JSON.stringify({ id: 'e1', pins: [], base: 'python3', created_at: '' }),
  );
}

async function setUp(behaviour: 'serve' | 'fail') {
  const root = mkdtempSync(join(scratch, 'managed-'));
  standInManagedPython(root, behaviour);
  const data = mkdtempSync(join(scratch, 'data-'));
  const port = await closedPort();
  const env = { ...process.env, [MANAGED_DIR_VARIABLE]: root };
  const notebook = new NotebookService({
    dataDir: data,
    address: { publicUrl: `http://127.0.0.1:${port}`, probeUrl: `http://127.0.0.1:${port}` },
  });
  const lines: string[] = [];
  const server = new LocalJupyterServer({
    dataDir: data,
    port,
    env,
    platform: 'linux',
    answering: async () => (await notebook.probe()) === 'ok',
    onLine: (line) => lines.push(line),
    startTimeoutMs: 20_000,
  });
  return { root, data, port, server, notebook, lines };
}

describe('JupyterLab without Docker', () => {
  it("starts from the app's own Python on 127.0.0.1 and the notebook port, its token in the environment and .stack/, and stops", async () => {
    const { root, data, port, server, notebook, lines } = await setUp('serve');
    await Promise.all([server.start(), server.start()]); // one start for two clicks
    try {
      expect(server.running).toBe(true);
      expect(await notebook.probe()).toBe('ok');
      const call = JSON.parse(readFileSync(join(root, 'call.json'), 'utf8'));
      expect(call.args).toEqual([
        '-m',
        'jupyterlab',
        '--no-browser',
        '--ServerApp.ip=127.0.0.1',
        `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0',
        `--ServerApp.root_dir=${data}`,
      ]);
      expect(call.pyspark).toBe(venvPython(join(root, 'envs', 'e1'), 'linux'));
      const tokenFile = join(data, '.stack', 'notebook-token');
      const token = readFileSync(tokenFile, 'utf8').trim();
      expect(token).toMatch(/^[0-9a-f]{48}$/);
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(call.token).toBe(token);
      expect(call.args.join(' ')).not.toContain(token);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await server.stop();
    }
    expect(server.running).toBe(false);
    expect(await notebook.probe()).toBe('refused');
  });

  it('says why when JupyterLab does not start, in one line with its last words', async () => {
    const { server } = await setUp('fail');
    await expect(server.start()).rejects.toMatchObject({
      code: 'local_jupyter_failed',
      message: expect.stringMatching(/did not start on 127\.0\.0\.1:\d+: .*Address already in use/),
    });
    expect(server.running).toBe(false);
  });

  it("is refused, with the way to get it, without the app's own Python", async () => {
    const data = mkdtempSync(join(scratch, 'none-'));
    const server = new LocalJupyterServer({
      dataDir: data,
      port: await closedPort(),
      env: { [MANAGED_DIR_VARIABLE]: join(scratch, 'no-managed-python') },
      platform: 'linux',
      answering: async () => false,
    });
    await expect(server.start()).rejects.toMatchObject({ code: 'no_local_jupyter' });
    expect(existsSync(join(data, '.stack', 'notebook-token'))).toBe(false);
  });

  it('Open starter notebook starts it only with the local Spark backend', async () => {
    const { data, port, server } = await setUp('serve');
    let backend: string | null = 'docker';
    const notebook = new NotebookService({
      dataDir: data,
      address: { publicUrl: `http://127.0.0.1:${port}`, probeUrl: `http://127.0.0.1:${port}` },
      local: { start: () => server.start(), wanted: () => backend === 'local' },
    });
    await expect(notebook.ensureRunning()).rejects.toMatchObject({
      code: 'notebook_not_running',
      message: expect.stringMatching(
        /npm run setup:python, then Start Spark with the local backend/,
      ),
    });
    expect(server.running).toBe(false);
    backend = 'local';
    try {
      await notebook.ensureRunning();
      expect(await notebook.probe()).toBe('ok');
    } finally {
      await server.stop();
    }
  });
});
