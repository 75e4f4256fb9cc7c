// Dashboard figures in Debian's Chromium (issue: desktop app). Prints figures; asserts nothing.
// Run with `npm run bench:ui`: it builds the UI itself, with the hook that lets it reach the
// store (VITE_BENCH_HOOKS=1), which `npm run build:ui` leaves out.
//
//  1. First paint of each view at 1280×800: from navigation start (a fresh load of the view's
//     address) until the view shows what it is for (e2e/dashboard-views.ts; Overview: the
//     live status and the counters with numbers), median of 7 loads each.
//  2. Page height of each view at 1280×800 and 1024×768, in the normal and the classroom
//     type: more than the window's height means the page scrolls.
//  3. Logs panel with 100,000 entries: time to render them, then scrolling through the whole
//     list; long tasks (over 50 ms) reported by the browser during both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { openView, pageHeight } from '../e2e/dashboard-views.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../electron/testing/chromium.ts';
import { serve } from '../electron/testing/serve.ts';
import { buildUi } from '../electron/testing/ui-build.ts';
import { VIEWS, viewAddress } from '../shared/views.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-ui-'));
const uiDir = join(scratch, 'ui');
await buildUi(uiDir, true);
/** The page's own files come from the bench build; the API from the service. */
const benchUi = (context: BrowserContext) =>
  context.route(
    (url) => !url.pathname.startsWith('/api'),
    (route) => {
      const path = new URL(route.request().url()).pathname;
      return route.fulfill({ path: join(uiDir, path === '/' ? 'index.html' : path) });
    },
  );
const server = await serve(['--preset', 'emulated-5s', '--data-dir', join(scratch, 'data')]);
const url = server.url;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

for (const view of VIEWS) {
  const paints: number[] = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await benchUi(context);
    const page = await context.newPage();
    await openView(page, url, view.id);
    paints.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(
    `first paint of ${view.label}: median ${median(paints).toFixed(0)} ms (runs: ${paints.map((p) => p.toFixed(0)).join(', ')})`,
  );
}

for (const classroom of [false, true])
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 768 },
  ]) {
    const context = await browser.newContext({ viewport: size });
    await benchUi(context);
    await context.addInitScript(
      (c) => localStorage.setItem('spark-experiments-ui', JSON.stringify({ classroom: c })),
      classroom,
    );
    const page = await context.newPage();
    const heights: string[] = [];
    for (const view of VIEWS) {
      await openView(page, url, view.id);
      const { scrollHeight } = await pageHeight(page);
      heights.push(`${view.id} ${scrollHeight}`);
    }
    console.log(
      `page height per view at ${size.width}×${size.height}${classroom ? ', classroom type' : ''} (window ${size.height} px): ${heights.join(', ')}`,
    );
    await context.close();
  }

const benchContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
await benchUi(benchContext);
const page = await benchContext.newPage();
await page.goto(viewAddress(url, 'logs'));
await page.waitForSelector('[data-testid="log-scroll"]');
await page.evaluate(() => {
  (window as unknown as { __longTasks: number[] }).__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      (window as unknown as { __longTasks: number[] }).__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
});
// The entries are built first (that is the benchmark's own work), then handed to the store.
await page.evaluate(() => {
  const base = Date.now();
  (window as unknown as { __entries: unknown[] }).__entries = Array.from(
    { length: 100_000 },
    (_, i) => {
      const ts = new Date(base - i * 10).toISOString();
      return {
        ts,
        level: i % 50 === 0 ? 'error' : 'info',
        message: `committed driver batch ${i}`,
        source: 'generator',
        context: { batch_id: i },
        cursor: `${ts}#0`,
      };
    },
  );
});
await page.waitForTimeout(300);
await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));
const renderMs = await page.evaluate(async () => {
  type Store = { setState(fn: (s: { logs: object }) => object): void };
  const store = (window as unknown as { __sparkExperimentsStore: Store }).__sparkExperimentsStore;
  const entries = (window as unknown as { __entries: unknown[] }).__entries;
  const t0 = performance.now();
  store.setState((s) => ({ logs: { ...s.logs, entries } }));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
});
const count = await page.getByTestId('log-count').innerText();
const renderLong = await page.evaluate(() =>
  (window as unknown as { __longTasks: number[] }).__longTasks.splice(0),
);
const scroll = await page.evaluate(async () => {
  const el = document.querySelector('[data-testid="log-scroll"]') as HTMLElement;
  const frames: number[] = [];
  let last = performance.now();
  const steps = 300;
  for (let i = 1; i <= steps; i++) {
    el.scrollTop = (el.scrollHeight * i) / steps;
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  const rows = el.querySelectorAll('.log-row').length;
  return { frames, rows };
});
const scrollLong = await page.evaluate(() =>
  (window as unknown as { __longTasks: number[] }).__longTasks.splice(0),
);
const sortedFrames = [...scroll.frames].sort((a, b) => a - b);
console.log(
  `logs panel with ${count}: rendered in ${renderMs.toFixed(0)} ms; long tasks during render: ${renderLong.length ? renderLong.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`,
);
console.log(
  `scrolling through all 100,000 in 300 steps: median frame ${median(scroll.frames).toFixed(1)} ms, p99 ${sortedFrames[Math.floor(0.99 * sortedFrames.length)]?.toFixed(1)} ms, ${scroll.rows} rows in the DOM; long tasks (> 50 ms) while scrolling: ${scrollLong.length ? scrollLong.map((d) => `${d.toFixed(0)} ms`).join(', ') : 'none'}`,
);
await browser.close();
await server.stop();
rmSync(scratch, { recursive: true, force: true });
