// The dashboard's views in real Chromium against the real service (emulated-5s, with ten
// minutes of history so the batches and the logs are long): at 1280×800 and 1024×768 every
// view fits with no page scroll and no panel spilling out of its box; axe-core finds no
// serious or critical violation (WCAG 2 A and AA, contrast included) in the light and the
// dark theme; the keyboard moves between views. The projector view at 1024×768 in classroom
// mode shows the class code on one line, the counters, the chart, the countdown and the
// pipeline with caught / injected, with no scrolling.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { runCli } from '../electron/testing/cli.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { pipelineViewSchema } from '../shared/pipeline.ts';
import { VIEWS } from '../shared/views.ts';
import { openView, pageHeight, spilledPanels, waitForView } from './dashboard-views.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
];
/** A streaming pipeline's view, recorded from a real run (e2e/readme-screenshots.ts). */
const STREAMING = pipelineViewSchema.parse(
  JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'pipeline-streaming.json'), 'utf8'),
  ),
);

let scratch: string;
let server: Served;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-views-'));
  const dataDir = join(scratch, 'data');
  const now = Math.floor(Date.now() / 5000) * 5000;
  const gen = await runCli([
    'generate',
    '--preset',
    'emulated-5s',
    '--data-dir',
    dataDir,
    '--from',
    new Date(now - 600_000).toISOString(),
    '--to',
    new Date(now).toISOString(),
  ]);
  expect(gen.code, gen.stderr).toBe(0);
  server = await serve(['--preset', 'emulated-5s', '--data-dir', dataDir]);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh page whose saved look is `theme`. */
async function pageWithTheme(browser: Browser, size: (typeof SIZES)[number], theme: string) {
  const context = await browser.newContext({ viewport: size });
  await context.addInitScript(
    (t) => localStorage.setItem('spark-experiments-ui', JSON.stringify({ theme: t })),
    theme,
  );
  return context.newPage();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

for (const size of SIZES) {
  const at = `${size.width}×${size.height}`;

  test(`every view fits ${at} with no page scroll`, async ({ page }) => {
    await page.setViewportSize(size);
    const heights: string[] = [];
    for (const view of VIEWS) {
      await openView(page, server.url, view.id);
      if (view.id === 'setup') {
        // With the doctor's report shown: the longest the view gets.
        await page.getByRole('button', { name: 'Check my setup' }).click();
        await expect(page.getByTestId('doctor-verdict')).toBeVisible({ timeout: 60_000 });
      }
      const { scrollHeight, innerHeight } = await pageHeight(page);
      heights.push(`${view.id} ${scrollHeight}`);
      expect.soft(scrollHeight, `${view.id}: page height`).toBeLessThanOrEqual(innerHeight);
      expect.soft(await spilledPanels(page), `${view.id}: panels spilling`).toEqual([]);
    }
    console.log(`${at}: page height per view (px): ${heights.join(', ')}`);
  });

  test(`axe-core finds no serious violation in any view at ${at}, light or dark`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    for (const theme of ['light', 'dark'] as const) {
      const page = await pageWithTheme(browser, size, theme);
      for (const view of VIEWS) {
        await openView(page, server.url, view.id);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        expect.soft(await seriousViolations(page), `${view.id}, ${theme}`).toEqual([]);
      }
      await page.context().close();
    }
  });

  test(`the keyboard moves between views at ${at}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openView(page, server.url, 'overview');
    const heading = page.getByRole('heading', { level: 1 });
    // The rail is one tab stop, on the view shown; the arrows move along it; Enter opens.
    await page.keyboard.press('Tab');
    const rail = page.getByRole('navigation', { name: 'Views' });
    await expect(rail.getByRole('link', { name: 'Overview', exact: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(rail.getByRole('link', { name: 'Spark', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/spark$/);
    await expect(heading).toHaveText('Spark');
    await expect(heading).toBeFocused();
    // Alt+1 … Alt+9 open each view from anywhere, focus on its heading.
    for (const [i, view] of VIEWS.entries()) {
      await page.keyboard.press(`Alt+${i + 1}`);
      await expect(page).toHaveURL(new RegExp(`#/${view.id}$`));
      await expect(heading).toHaveText(view.id === 'projector' ? 'Spark Experiments' : view.label);
      await expect(heading).toBeFocused();
    }
    // Escape leaves the projector for the view before it.
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/#\/setup$/);
    await expect(heading).toHaveText('Setup');
    // Back goes to the previous view; an address opens its view; an unknown one, Overview.
    await page.goBack();
    await expect(page).toHaveURL(/#\/projector$/);
    await page.goto(`${server.url}/#/logs`);
    await expect(heading).toHaveText('Logs');
    await page.goto(`${server.url}/#/no-such-view`);
    await expect(heading).toHaveText('Overview');
  });
}

test('the projector view at 1024×768: the code on one line, counters, chart, countdown, pipeline', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.route('**/api/pipeline', (route) => route.fulfill({ json: STREAMING }));
  await openView(page, server.url, 'overview');
  await page.getByLabel('Classroom mode').check();
  await expect(page).toHaveURL(/#\/projector$/);
  await waitForView(page, 'projector');
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);

  const code = page.getByTestId('class-code');
  await expect(code).toHaveText(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
  const line = await code.evaluate((el) => {
    const groups = Array.from(el.querySelectorAll('.code-group')).map((g) =>
      g.getBoundingClientRect(),
    );
    return {
      fontSize: Number.parseFloat(getComputedStyle(el).fontSize),
      tops: groups.map((g) => Math.round(g.top)),
      rects: Array.from(el.querySelectorAll('.code-group')).map((g) => g.getClientRects().length),
      right: Math.max(...groups.map((g) => g.right)),
      width: window.innerWidth,
    };
  });
  // Five groups, each one box, all on the same line, inside the window, in large type.
  expect(line.rects).toEqual([1, 1, 1, 1, 1]);
  expect(new Set(line.tops).size).toBe(1);
  expect(line.right).toBeLessThanOrEqual(line.width);
  expect(line.fontSize).toBeGreaterThanOrEqual(40);

  await expect(page.getByRole('timer')).toHaveText(/^(in \d+ s|due now)$/);
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  const sum = (key: 'caught' | 'injected') =>
    STREAMING.rules.reduce((n, r) => n + r[key], 0).toLocaleString('en-US');
  await expect(pipeline.getByTestId('projector-caught')).toHaveText(sum('caught'));
  await expect(pipeline.getByTestId('projector-injected')).toHaveText(sum('injected'));
  await expect(pipeline.getByRole('row')).toHaveCount(STREAMING.rules.length + 1);
  for (const layer of ['bronze', 'silver', 'gold'])
    await expect(pipeline.getByTestId(`projector-${layer}`)).toBeVisible();
  // Everything the room needs is inside the window.
  for (const part of [
    code,
    page.getByTestId('events'),
    page.getByRole('img', { name: /Events per batch/ }),
    page.getByRole('timer'),
    pipeline.getByRole('table'),
  ]) {
    const box = await part.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(768);
  }
  const { scrollHeight, innerHeight } = await pageHeight(page);
  expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
  expect(await spilledPanels(page)).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Theme').selectOption('dark');
  expect(await seriousViolations(page)).toEqual([]);
});
