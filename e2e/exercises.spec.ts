// The Exercises panel in real Chromium against a real `serve` and the real checker (Python +
// pyspark): prepare an exercise from the keyboard, check before anything is written (a
// scorecard that says so), write the table with the reference solution notebook, check again:
// passed, and the course shows the tick.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type Served, serve } from '../electron/testing/serve.ts';

const shots = join(import.meta.dirname, 'output', 'screenshots');
let scratch: string;
let app: Served;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-exercises-'));
  app = await serve(['--paused', '--data-dir', join(scratch, 'data')]);
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the reference solution notebook of `id` on `folder` (what a student's work does), from
 *  that folder, as Jupyter runs a notebook (its helper module is there). */
function runSolution(id: string, folder: string): void {
  const script = `
import json, re, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
cell = next(c for c in nb.cells if c.source.startswith("DATA_DIR = "))
cell.source = re.sub(r"^DATA_DIR = .*$", lambda _: "DATA_DIR = " + json.dumps(sys.argv[2]), cell.source, count=1, flags=re.M)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
`;
  const notebook = join(import.meta.dirname, '..', 'exercises', 'solutions', `${id}.ipynb`);
  const result = spawnSync('python3', ['-c', script, notebook, folder], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(result.status, result.stderr).toBe(0);
}

test('a student prepares an exercise, checks it, fixes it, and sees it pass', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`${app.url}/#/exercises`);
  const panel = page.getByRole('region', { name: 'Exercises' });
  const course = panel.getByRole('list', { name: 'Course' });
  await expect(course.getByRole('button')).toHaveCount(12);

  // From the keyboard: choose a one-part exercise (a streaming one checks only after its
  // release: e2e/exercises-course.spec.ts), prepare its data.
  await course.getByRole('button', { name: /Profile off-interval data/ }).focus();
  await page.keyboard.press('Enter');
  await expect(
    panel.getByRole('heading', {
      name: "Profile off-interval data (before and after the batch's interval)",
    }),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Prepare data' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('button', { name: 'Prepare data again' })).toBeVisible({
    timeout: 30_000,
  });
  await panel.getByRole('button', { name: 'Show notebook file' }).click();
  const folder = join(scratch, 'data', 'exercises', '07-off-interval');
  await expect(panel.getByTestId('notebook-path')).toHaveText(
    join(folder, '07-off-interval.ipynb'),
  );

  await panel.getByRole('button', { name: 'Check my answer' }).click();
  await expect(panel.getByRole('button', { name: 'Checking with Spark…' })).toBeDisabled();
  const card = panel.getByTestId('scorecard');
  await expect(card).toContainText('Not yet: 0 of 1 checks', { timeout: 120_000 });
  await expect(card).toContainText('there is no table at');
  await expect(
    course.getByRole('button', { name: /not passed yet Profile off-interval/ }),
  ).toBeVisible();

  runSolution('07-off-interval', folder);
  await panel.getByRole('button', { name: 'Check my answer' }).click();
  await expect(card).toContainText(/Passed: (\d+) of \1 checks/, { timeout: 120_000 });
  await expect(course.getByRole('button', { name: /passed Profile off-interval/ })).toBeVisible();
  // Classroom mode opens the projector; Escape comes back to the exercise, in large type.
  await page.getByLabel('Classroom mode').check();
  await page.keyboard.press('Escape');
  await expect(card).toContainText(/Passed: (\d+) of \1 checks/);
  await panel.screenshot({ path: join(shots, 'exercises.png') });
});
