// Open starter notebook in real Chromium: the dashboard's button prepares 01-bronze and opens
// the stack's JupyterLab (the notebook image, run here on its own: no Spark is needed to open a
// notebook) at that notebook, with the token the container wrote at its start. Needs Docker
// and the notebook image (NOTEBOOK_IMAGE, default the compose file's); says NOT RUN without.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type Served, serve, waitFor } from '../electron/testing/serve.ts';
import { viaRail } from './dashboard-views.ts';

const IMAGE = process.env.NOTEBOOK_IMAGE ?? 'spark-experiments/notebook:3.5.8-jupyterlab-4.6';
const CONTAINER = `spark-exp-e2e-notebook-${process.pid}`;
const uid = process.getuid?.() ?? 1000;
const user = uid === 0 ? '1234:1234' : `${uid}:${process.getgid?.() ?? 1000}`;
const shots = join(import.meta.dirname, 'output', 'screenshots');
let scratch: string;
let app: Served;

function docker(args: string[]) {
  return spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });
}

function notRunWhy(): string | undefined {
  const info = docker(['info', '--format', '{{.ServerVersion}}']);
  if (info.error || info.status !== 0) return 'no Docker engine answers';
  if (docker(['image', 'inspect', IMAGE]).status !== 0)
    return `the notebook image ${IMAGE} is not built (cd docker && docker compose build notebook)`;
  return undefined;
}

const why = notRunWhy();
if (why) console.log(`notebook.spec.ts: NOT RUN: ${why}`);
test.skip(why !== undefined, why);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-notebook-'));
  const data = join(scratch, 'data');
  mkdirSync(data);
  // JupyterLab refuses to run as root: as root, the container runs as an ordinary user who
  // owns the data folder, as the engine lane's app user does.
  if (uid === 0) chownSync(data, 1234, 1234);
  // As compose runs it: the app's user, the data folder at /data, published on 127.0.0.1 only.
  const started = docker([
    'run',
    '-d',
    '--name',
    CONTAINER,
    '--user',
    user,
    '-e',
    'HOME=/tmp',
    '-p',
    '127.0.0.1::8888',
    '-v',
    `${data}:/data`,
    IMAGE,
  ]);
  expect(started.status, started.stderr).toBe(0);
  const port = Number(docker(['port', CONTAINER, '8888']).stdout.trim().split(':').pop());
  expect(port).toBeGreaterThan(0);
  const jupyter = `http://127.0.0.1:${port}`;
  app = await serve([
    '--paused',
    '--data-dir',
    data,
    '--notebook',
    jupyter,
    '--notebook-public',
    jupyter,
  ]);
  await waitFor(
    'JupyterLab healthy in the Spark status',
    async () => {
      const { body } = await app.call('/api/spark');
      return body.notebook?.state === 'healthy' ? body.notebook : undefined;
    },
    120_000,
  );
});

test.afterAll(async () => {
  await app?.stop();
  // JupyterLab's own complaints, if any, for a failed run.
  const logs = docker(['logs', CONTAINER]).stderr.split('\n');
  const complaints = logs.filter((l) => l.trim() && !l.startsWith('[I') && !l.startsWith(' '));
  if (complaints.length) console.log(`notebook container:\n${complaints.join('\n')}`);
  docker(['rm', '-f', CONTAINER]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('Open starter notebook lands on JupyterLab with the exercise notebook open', async ({
  page,
}) => {
  await page.goto(`${app.url}/#/spark`);
  await expect(page.getByTestId('notebook-state')).toContainText('JupyterLab healthy');
  await viaRail(page, 'Exercises');
  const panel = page.getByRole('region', { name: 'Exercises' });
  await expect(panel.getByRole('heading', { name: /Ingest every line/ })).toBeVisible();
  const opened = page.waitForEvent('popup');
  await panel.getByRole('button', { name: 'Open starter notebook' }).click();
  const lab = await opened;
  await lab.waitForURL(/\/lab\/tree\/exercises\/01-bronze\/01-bronze\.ipynb/, {
    timeout: 90_000,
  });
  // The notebook's tab and its cells, the set-up cell with this exercise's folder among them.
  await expect(lab.getByRole('tab', { name: /01-bronze\.ipynb/ })).toBeVisible({
    timeout: 90_000,
  });
  await expect(lab.locator('.jp-NotebookPanel .jp-Cell').first()).toBeVisible();
  await expect(
    lab.locator('.jp-NotebookPanel .jp-Cell').filter({ hasText: 'DATA_DIR' }).first(),
  ).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Prepare data again' })).toBeVisible();
  await lab.screenshot({ path: join(shots, 'notebook-open.png') });
});
