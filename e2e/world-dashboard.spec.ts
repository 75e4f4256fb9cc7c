// Issue 19 on the Overview, in real Chromium against the real service: a `world` dataset (a
// fixed day of 15-minute batches, served paused so the numbers stay put) shows the events by
// region with each region's local time, and the company changes under the events chart; a
// `late-data` dataset (ten minutes of 10-second batches) shows its late arrivals. Every number
// on the page is checked against GET /api/batches. The Overview with regions fits 1280×800 and
// 1024×768 with no page scroll, and axe-core finds no serious violation, light or dark.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { runCli } from '../electron/testing/cli.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { type BatchMeta, batchesSchema } from '../shared/api.ts';
import { REGIONS } from '../shared/world-config.ts';
import { openView, pageHeight, spilledPanels } from './dashboard-views.ts';

const CHART_BATCHES = 40;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
];
const shots = join(import.meta.dirname, 'output', 'screenshots');

let scratch: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  mkdirSync(shots, { recursive: true });
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-world-'));
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Generates `preset` over [from, to) and serves it paused. */
async function servePreset(preset: string, from: string, to: string): Promise<Served> {
  const dataDir = join(scratch, preset);
  const gen = await runCli([
    'generate',
    '--preset',
    preset,
    '--data-dir',
    dataDir,
    '--from',
    from,
    '--to',
    to,
  ]);
  expect(gen.code, gen.stderr).toBe(0);
  return serve(['--preset', preset, '--data-dir', dataDir, '--paused']);
}

/** The newest batches the chart shows, from the API. */
async function charted(server: Served): Promise<BatchMeta[]> {
  const { batches } = batchesSchema.parse((await server.call('/api/batches?limit=200')).body);
  return batches.slice(0, CHART_BATCHES);
}

const sum = (list: BatchMeta[], f: (b: BatchMeta) => number | undefined) =>
  list.reduce((n, b) => n + (f(b) ?? 0), 0);
const fmt = (n: number) => n.toLocaleString('en-US');

/** "HH:MM" in `zone` at `ms`. */
function clockIn(zone: string, ms: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

test.describe('world', () => {
  let server: Served;
  test.beforeAll(async () => {
    server = await servePreset('world', '2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z');
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('the Overview shows events by region with local times, and company changes', async ({
    page,
  }) => {
    await page.setViewportSize(SIZES[0] as (typeof SIZES)[number]);
    const before = Date.now();
    await openView(page, server.url, 'overview');
    const recent = await charted(server);
    const zones = (await server.call('/api/health')).body.regions.time_zones as Record<
      string,
      string
    >;
    const bars = page.getByTestId('region-bars');
    await expect(bars).toBeVisible();
    for (const r of REGIONS) {
      const expected = sum(recent, (b) => b.events_by_region?.[r]);
      expect(expected, `${r} has events`).toBeGreaterThan(0);
      await expect(page.getByTestId(`region-count-${r}`)).toHaveText(fmt(expected));
      const row = bars.locator(`tr[data-region="${r}"]`);
      const clock = (await row.locator('time').textContent()) ?? '';
      // The clock read between `before` and now: one of the minutes in between.
      const minutes = new Set<string>();
      for (let t = before; t <= Date.now() + 60_000; t += 30_000)
        minutes.add(clockIn(zones[r] as string, t));
      expect([...minutes], `${r}'s local time`).toContain(clock);
      await expect(row).toContainText(/ (night|morning|afternoon|evening)/);
    }
    const deactivated = sum(recent, (b) => b.deactivated_count);
    const reactivated = sum(recent, (b) => b.reactivated_count);
    expect(deactivated, 'the fixed day has deactivations in the charted batches').toBeGreaterThan(
      0,
    );
    await expect(page.getByTestId('changes-chart')).toHaveAttribute(
      'aria-label',
      `Company changes over the same batches: ${fmt(deactivated)} deactivated, ${fmt(reactivated)} reactivated`,
    );
    const legend = page.getByTestId('chart-legend');
    await expect(legend).toContainText(`${fmt(deactivated)} deactivated`);
    await expect(legend).not.toContainText('late');
    await page.screenshot({ path: join(shots, 'overview-world.png') });
  });

  for (const size of SIZES) {
    const at = `${size.width}×${size.height}`;
    test(`the Overview with regions fits ${at}; axe-core finds no serious violation`, async ({
      browser,
    }) => {
      for (const theme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: size });
        await context.addInitScript(
          (t) => localStorage.setItem('spark-experiments-ui', JSON.stringify({ theme: t })),
          theme,
        );
        const page = await context.newPage();
        await openView(page, server.url, 'overview');
        await expect(page.getByTestId('region-bars')).toBeVisible();
        const { scrollHeight, innerHeight } = await pageHeight(page);
        expect.soft(scrollHeight, `${theme}: page height`).toBeLessThanOrEqual(innerHeight);
        expect.soft(await spilledPanels(page), `${theme}: panels spilling`).toEqual([]);
        expect.soft(await seriousViolations(page), theme).toEqual([]);
        await context.close();
      }
    });
  }
});

test.describe('late-data', () => {
  let server: Served;
  test.beforeAll(async () => {
    server = await servePreset('late-data', '2024-03-01T00:00:00Z', '2024-03-01T00:10:00Z');
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('the events chart shows the late arrivals, and no region bars', async ({ page }) => {
    await openView(page, server.url, 'overview');
    const recent = await charted(server);
    const late = sum(recent, (b) => b.late_count);
    expect(late).toBeGreaterThan(0);
    await expect(page.getByTestId('chart-legend')).toContainText(`${fmt(late)} late arrivals`);
    await expect(page.getByTestId('events-chart')).toHaveAttribute(
      'aria-label',
      new RegExp(
        `^Events per batch over the last ${recent.length} batches: ${fmt(sum(recent, (b) => b.event_count))} events, ${fmt(late)} of them late arrivals`,
      ),
    );
    // As many late segments as charted batches with late rows.
    await expect(page.locator('[data-testid="events-chart"] .bar-late')).toHaveCount(
      recent.filter((b) => (b.late_count ?? 0) > 0).length,
    );
    await expect(page.getByTestId('region-bars')).toHaveCount(0);
  });
});
