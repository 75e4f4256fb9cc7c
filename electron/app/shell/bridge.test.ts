// Every channel of the preload's bridge, through the shell as Electron would call it: good
// arguments do their one thing, bad ones and strangers are refused before any work.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE } from './bridge.ts';
import { type LaunchedShell, launchShell, REPO_ROOT } from './testing/shell-harness.ts';

const launched: LaunchedShell[] = [];
const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(launched.splice(0).map((s) => s.close()));
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function started(): Promise<{
  shell: LaunchedShell;
  call: (channel: string, ...args: unknown[]) => ReturnType<LaunchedShell['fake']['invoke']>;
}> {
  const shell = launchShell();
  launched.push(shell);
  await shell.started();
  const call = (channel: string, ...args: unknown[]) =>
    shell.fake.invoke(
      channel,
      { sender: shell.window().webContents, url: `${shell.servers.at(-1)?.url}/` },
      ...args,
    );
  return { shell, call };
}

const refused = (code: string) => ({ error: expect.objectContaining({ code }) });

describe('the bridge', () => {
  it('answers exactly the channels the preload calls', async () => {
    const { shell } = await started();
    const preload = readFileSync(join(REPO_ROOT, 'electron', 'app', 'preload.ts'), 'utf8');
    const called = [...preload.matchAll(/invoke\('([a-z:-]+)'/g)].map((m) => m[1]).sort();
    expect(shell.fake.channels()).toEqual(called);
    expect(Object.keys(BRIDGE).sort()).toEqual(called);
  });

  it('refuses every channel to another window and to a page from elsewhere', async () => {
    const { shell } = await started();
    const appUrl = `${shell.servers[0]?.url}/`;
    for (const channel of shell.fake.channels()) {
      const stranger = await shell.fake.invoke(channel, { sender: {}, url: appUrl });
      expect(stranger, channel).toEqual(refused('forbidden'));
      const elsewhere = await shell.fake.invoke(channel, {
        sender: shell.window().webContents,
        url: 'https://evil.example/',
      });
      expect(elsewhere, channel).toEqual(refused('forbidden'));
    }
    expect(shell.fake.opened).toEqual([]);
  });

  it('external:open opens only the allowed addresses, at their own address', async () => {
    const { shell, call } = await started();
    expect(await call('external:open', 'http://localhost:17080')).toEqual({ result: null });
    expect(await call('external:open', 'https://spark.apache.org/docs/3.5.8/')).toEqual({
      result: null,
    });
    for (const bad of [
      ['https://evil.example/'],
      ['file:///etc/passwd'],
      [42],
      [],
      ['http://127.0.0.1:17080/', 'extra'],
      ['x'.repeat(5000)],
    ]) {
      expect(await call('external:open', ...bad), JSON.stringify(bad).slice(0, 40)).toEqual(
        refused('bad_arguments'),
      );
    }
    expect(shell.fake.opened).toEqual([
      'http://127.0.0.1:17080/',
      'https://spark.apache.org/docs/3.5.8/',
    ]);
  });

  it('data-folder:open opens the data folder, and takes no arguments', async () => {
    const { shell, call } = await started();
    expect(await call('data-folder:open', '/etc')).toEqual(refused('bad_arguments'));
    expect(shell.fake.opened).toEqual([]);
    expect(await call('data-folder:open')).toEqual({ result: null });
    expect(shell.fake.opened).toEqual([shell.servers[0]?.service.dataDir]);
  });

  it('exercise:reveal shows a prepared notebook, never a path from the page', async () => {
    const { shell, call } = await started();
    for (const bad of [['../../etc/passwd'], ['/etc/passwd'], ['01-Bronze'], [7], []])
      expect(await call('exercise:reveal', ...bad)).toEqual(refused('bad_arguments'));
    const missing = await call('exercise:reveal', '01-bronze');
    expect(missing).toEqual({
      error: expect.objectContaining({ message: expect.stringMatching(/Prepare data first$/) }),
    });
    const folder = join(shell.servers[0]?.service.dataDir as string, 'exercises', '01-bronze');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '01-bronze.ipynb'), '{}');
    expect(await call('exercise:reveal', '01-bronze')).toEqual({ result: null });
    expect(shell.fake.shown).toEqual([join(folder, '01-bronze.ipynb')]);
  });

  it('data-folder:choose moves the service to the chosen folder and remembers it', async () => {
    const { shell, call } = await started();
    expect(await call('data-folder:choose', '/tmp')).toEqual(refused('bad_arguments'));
    shell.fake.openDialogAnswers.push({ canceled: true, filePaths: [] });
    expect(await call('data-folder:choose')).toEqual({ result: null });
    expect(shell.servers).toHaveLength(1);

    const chosen = mkdtempSync(join(tmpdir(), 'spark-exp-chosen-'));
    scratch.push(chosen);
    shell.fake.openDialogAnswers.push({ canceled: false, filePaths: [chosen] });
    expect(await call('data-folder:choose')).toEqual({ result: chosen });
    expect(shell.servers).toHaveLength(2);
    expect(shell.servers[1]?.service.dataDir).toBe(chosen);
    expect(shell.window().urls.at(-1)).toBe(shell.servers[1]?.url);
    const settings = JSON.parse(readFileSync(join(shell.userData, 'settings.json'), 'utf8'));
    expect(settings).toEqual({ dataDir: chosen });
    expect(existsSync(join(chosen, 'manifests'))).toBe(true);
  });

  it("follows the Spark ports saved in the app's settings (the UI links, the service's ports)", async () => {
    const data = mkdtempSync(join(tmpdir(), 'spark-exp-bridge-ports-'));
    scratch.push(data);
    const shell = launchShell({
      userDataFiles: {
        'settings.json': JSON.stringify({ dataDir: data, sparkPorts: { masterUi: 27080 } }),
      },
    });
    launched.push(shell);
    await shell.started();
    const spark = (await (await fetch(`${shell.servers.at(-1)?.url}/api/spark`)).json()) as {
      ports: { master_ui: number };
    };
    expect(spark.ports.master_ui).toBe(27080);
    const call = (...args: unknown[]) =>
      shell.fake.invoke(
        'external:open',
        { sender: shell.window().webContents, url: `${shell.servers.at(-1)?.url}/` },
        ...args,
      );
    expect(await call('http://127.0.0.1:17080/')).toEqual(refused('bad_arguments'));
    expect(await call('http://127.0.0.1:27080/')).toEqual({ result: null });
    expect(shell.fake.opened).toEqual(['http://127.0.0.1:27080/']);
  });

  it('exercise:notebook asks the service for the notebook and opens only that address', async () => {
    // A stand-in JupyterLab (GET /api answers its version, as Jupyter does without a token) on
    // the notebook port the desktop's service reads from the environment, and a stack's token.
    const jupyter = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/api' ? '{"version":"2.17.0"}' : '{}');
    });
    await new Promise<void>((resolve) => jupyter.listen(0, '127.0.0.1', resolve));
    const port = (jupyter.address() as AddressInfo).port;
    const before = process.env.SPARK_EXPERIMENTS_NOTEBOOK_PORT;
    process.env.SPARK_EXPERIMENTS_NOTEBOOK_PORT = String(port);
    const data = mkdtempSync(join(tmpdir(), 'spark-exp-bridge-nb-'));
    scratch.push(data);
    const token = 'ab'.repeat(24);
    mkdirSync(join(data, '.stack'));
    writeFileSync(join(data, '.stack', 'notebook-token'), `${token}\n`);
    try {
      const shell = launchShell({ savedDataDir: data });
      launched.push(shell);
      await shell.started();
      const call = (...args: unknown[]) =>
        shell.fake.invoke(
          'exercise:notebook',
          { sender: shell.window().webContents, url: `${shell.servers.at(-1)?.url}/` },
          ...args,
        );
      for (const bad of [['../../etc'], [42], [], ['01-bronze', 'extra']])
        expect(await call(...bad), JSON.stringify(bad)).toEqual(refused('bad_arguments'));
      expect(await call('01-bronze')).toEqual({ result: null });
      expect(shell.fake.opened).toEqual([
        `http://127.0.0.1:${port}/lab/tree/exercises/01-bronze/01-bronze.ipynb?token=${token}`,
      ]);
      // Prepared on the way, as the button promises.
      expect(existsSync(join(data, 'exercises', '01-bronze', '01-bronze.ipynb'))).toBe(true);
      // With JupyterLab gone, the service's own words come back, and nothing opens.
      await new Promise<void>((resolve) => jupyter.close(() => resolve()));
      const stopped = await call('01-bronze');
      expect(stopped).toEqual({
        error: expect.objectContaining({ message: expect.stringMatching(/Start Spark first/) }),
      });
      expect(shell.fake.opened).toHaveLength(1);
    } finally {
      jupyter.close();
      if (before === undefined) delete process.env.SPARK_EXPERIMENTS_NOTEBOOK_PORT;
      else process.env.SPARK_EXPERIMENTS_NOTEBOOK_PORT = before;
    }
  });
});
