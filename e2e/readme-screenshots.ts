// The README's screenshots, from a real run: every view at 1280×800 in the light and the dark
// theme, and the projector view at 1024×768, into docs/images/. The dashboard runs
// emulated-5s with ten minutes of history, a local Spark cluster (Docker is hidden, as in
// e2e/pipeline.spec.ts) and the streaming pipeline, so the pipeline's views show real numbers;
// the pipeline's view is also kept as e2e/fixtures/pipeline-streaming.json for the layout tests.
//
//   flock /tmp/spark-lane.lock npm run screenshots
//
// Each PNG is written again with a palette of at most 256 colours (electron/testing/
// png-palette.ts), which keeps every image well under 150 KB.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../electron/testing/chromium.ts';
import { runCli, startCli } from '../electron/testing/cli.ts';
import { toPalettePng } from '../electron/testing/png-palette.ts';
import { serve, waitFor } from '../electron/testing/serve.ts';
import { pipelineViewSchema } from '../shared/pipeline.ts';
import { VIEWS, type ViewId } from '../shared/views.ts';
import { openView } from './dashboard-views.ts';

const IMAGES = join(import.meta.dirname, '..', 'docs', 'images');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'pipeline-streaming.json');

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-screenshots-'));
const dataDir = join(scratch, 'data');
const env = { ...process.env, DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` };
const from = new Date(Math.floor(Date.now() / 5000) * 5000 - 600_000).toISOString();
const history = await runCli([
  'generate',
  '--preset',
  'emulated-5s',
  '--data-dir',
  dataDir,
  '--from',
  from,
  '--to',
  new Date(Math.floor(Date.now() / 5000) * 5000).toISOString(),
]);
if (history.code !== 0) throw new Error(history.stderr);
const app = await serve(['--preset', 'emulated-5s', '--data-dir', dataDir], (args) =>
  startCli(args, { env }),
);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  console.log('starting Spark (local) and the pipeline…');
  const up = await app.call('/api/spark/up', { method: 'POST' });
  if (up.status >= 300) throw new Error(`Start Spark: ${up.status} ${JSON.stringify(up.body)}`);
  let spark: { state?: string; message?: string } = {};
  await waitFor(
    'Spark running',
    async () => {
      spark = (await app.call('/api/spark')).body;
      if (spark.state === 'error') throw new Error(`Spark did not start: ${spark.message}`);
      return spark.state === 'running' ? true : undefined;
    },
    180_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message} (last: ${spark.state}: ${spark.message})`);
  });
  await app.call('/api/spark/jobs', { method: 'POST', json: { job: 'pipeline' } });
  const view = await waitFor(
    'batches final in gold',
    async () => {
      const v = pipelineViewSchema.parse((await app.call('/api/pipeline')).body);
      return v.running && v.batches.some((b) => b.gold_final_s !== null) ? v : undefined;
    },
    420_000,
  );
  mkdirSync(join(import.meta.dirname, 'fixtures'), { recursive: true });
  writeFileSync(FIXTURE, `${JSON.stringify(view, null, 2)}\n`);
  mkdirSync(IMAGES, { recursive: true });

  const shoot = async (
    view: ViewId,
    theme: 'light' | 'dark',
    size: { width: number; height: number },
    name: string,
  ) => {
    const context = await browser.newContext({ viewport: size });
    // The projector as the room sees it: classroom mode on.
    await context.addInitScript(
      ([t, c]) =>
        localStorage.setItem('spark-experiments-ui', JSON.stringify({ theme: t, classroom: c })),
      [theme, view === 'projector'] as const,
    );
    const page = await context.newPage();
    await openView(page, app.url, view);
    if (view === 'setup') {
      await page.getByRole('button', { name: 'Check my setup' }).click();
      await page.getByTestId('doctor-verdict').waitFor({ timeout: 60_000 });
    }
    // The live parts settle: the chart, the stream's first events, the pipeline's table.
    await page.waitForTimeout(1500);
    const shot = await page.screenshot();
    await context.close();
    const small = toPalettePng(shot);
    writeFileSync(join(IMAGES, name), small.png);
    console.log(
      `${name}: ${small.png.length.toLocaleString('en-US')} bytes (${shot.length.toLocaleString('en-US')} as Chromium wrote it; ${small.colors} colours${small.exact ? ', exact' : ''})`,
    );
  };
  for (const theme of ['light', 'dark'] as const)
    for (const v of VIEWS.filter((v) => v.id !== 'projector'))
      await shoot(v.id, theme, { width: 1280, height: 800 }, `view-${v.id}-${theme}.png`);
  for (const theme of ['dark', 'light'] as const)
    await shoot('projector', theme, { width: 1024, height: 768 }, `projector-${theme}.png`);
} finally {
  await browser.close();
  // The pipeline first, and until it has stopped: Stop Spark alone leaves a local pipeline's
  // driver running after serve has exited (holding the application UI's port).
  const running = async () =>
    ((await app.call('/api/spark')).body.jobs ?? []).filter(
      (j: { state: string }) => j.state === 'running' || j.state === 'stopping',
    ) as Array<{ id: number; state: string }>;
  for (const job of await running())
    if (job.state === 'running')
      await app.call(`/api/spark/jobs/${job.id}/stop`, { method: 'POST' });
  await waitFor(
    'the pipeline stopped',
    async () => ((await running()).length ? undefined : true),
    180_000,
  ).catch((err: Error) => console.error(err.message));
  await app.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
  await app.stop();
  rmSync(scratch, { recursive: true, force: true });
}
