// The Exercises view with a course of twelve (a test course: the repository's is being
// rewritten), in real Chromium against a real `serve`: progress through the course, a list
// that scrolls inside its column with no page scroll at 1280×800 and 1024×768, axe-clean in
// both themes; then a two-part streaming exercise: check before the release (refused, saying
// why), Release more data, and its hints revealed one at a time, still revealed after a reload.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startCli } from '../electron/testing/cli.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { TWO_PART, writeTwoPartCourse } from '../electron/testing/two-part-course.ts';
import { openView, pageHeight, spilledPanels } from './dashboard-views.ts';

let scratch: string;
let app: Served;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-course-'));
  const exercises = writeTwoPartCourse(join(scratch, 'exercises'), { more: 10 });
  app = await serve(['--paused', '--data-dir', join(scratch, 'data')], (args) =>
    startCli(args, { env: { ...process.env, SPARK_EXPERIMENTS_EXERCISES_DIR: exercises } }),
  );
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
]) {
  test(`twelve exercises fit ${size.width}×${size.height}: the list scrolls in its column, axe-clean`, async ({
    browser,
  }) => {
    for (const theme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: size });
      await context.addInitScript(
        (t) => localStorage.setItem('spark-experiments-ui', JSON.stringify({ theme: t })),
        theme,
      );
      const page = await context.newPage();
      await openView(page, app.url, 'exercises');
      const panel = page.getByRole('region', { name: 'Exercises' });
      await expect(panel.getByRole('list', { name: 'Course' }).getByRole('button')).toHaveCount(12);
      await expect(panel.getByText('0 of 12 passed')).toBeVisible();
      await expect(panel.getByRole('img', { name: 'streaming' })).toHaveCount(6);
      const { scrollHeight, innerHeight } = await pageHeight(page);
      expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
      expect(await spilledPanels(page)).toEqual([]);
      // The last exercise is reached by scrolling the list, not the page.
      const last = panel.getByRole('button', { name: /exercise 12,/ });
      await last.scrollIntoViewIfNeeded();
      await expect(last).toBeInViewport();
      expect((await pageHeight(page)).scrollHeight).toBeLessThanOrEqual(innerHeight);
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      expect(serious, theme).toEqual([]);
      await context.close();
    }
  });
}

test('a two-part exercise: prepare, check too early, release the rest, hints one at a time', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openView(page, app.url, 'exercises');
  const panel = page.getByRole('region', { name: 'Exercises' });
  const course = panel.getByRole('list', { name: 'Course' });
  const item = course.getByRole('button', { name: /Stream bronze in two parts/ });
  await expect(item).toHaveAttribute('aria-current', 'step');
  await expect(item).toContainText('not prepared');
  await expect(panel.getByTestId('two-part')).toContainText(
    'writes the data up to 2024-01-01T01:00:00Z',
  );

  // Releasing before Prepare says what to do first.
  await panel.getByRole('button', { name: 'Release more data' }).click();
  await expect(panel.getByRole('alert')).toContainText('is not prepared: Prepare data first');

  await panel.getByRole('button', { name: 'Prepare data' }).click();
  await expect(panel.getByRole('button', { name: 'Prepare data again' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(item).toContainText('first part');
  const events = join(scratch, 'data', 'exercises', TWO_PART, 'raw', 'events');
  expect(readdirSync(events).sort().at(-1)).toBe('20240101T004500Z');

  // Checking before the release is refused, with the steps.
  await panel.getByRole('button', { name: 'Check my answer' }).click();
  await expect(panel.getByRole('alert')).toContainText(
    'graded in two parts: run your query on the first part, then Release more data',
  );

  await panel.getByRole('button', { name: 'Release more data' }).click();
  await expect(panel.getByRole('button', { name: 'Data released' })).toBeDisabled({
    timeout: 30_000,
  });
  await expect(panel.getByTestId('two-part')).toContainText('The rest is released.');
  await expect(item).toContainText('prepared');
  expect(readdirSync(events).sort().at(-1)).toBe('20240101T014500Z');

  // Hints: the idea first, then the API, then code; one at a time.
  await panel.getByRole('button', { name: 'Show a hint (1 of 3)' }).click();
  const shown = panel.getByRole('list', { name: 'Hints shown' });
  await expect(shown.getByRole('listitem')).toHaveCount(1);
  await expect(shown).toContainText('IdeaA stream remembers');
  await panel.getByRole('button', { name: 'Show a hint (2 of 3)' }).click();
  await expect(shown.getByRole('listitem').nth(1)).toContainText('APIspark.readStream.text');
  // The count is kept in the exercise's folder: a reload shows the same two.
  await page.reload();
  await expect(panel.getByRole('list', { name: 'Hints shown' }).getByRole('listitem')).toHaveCount(
    2,
  );
  await panel.getByRole('button', { name: 'Show a hint (3 of 3)' }).click();
  await expect(panel.getByText('All 3 hints are shown.')).toBeVisible();
  await expect(
    panel.getByRole('list', { name: 'Hints shown' }).getByRole('listitem').nth(2),
  ).toContainText('Code');
});
