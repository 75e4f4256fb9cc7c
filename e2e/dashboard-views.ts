// The dashboard's views for browser tests, the UI bench and the README's screenshots: how to
// open one, when it has its content, and how tall the page is. One place, so the three agree.
import type { Page } from 'playwright-core';
import { type ViewId, viewAddress } from '../shared/views.ts';

/** Shown once a view has what it is for (not only its frame). */
const READY: Record<ViewId, (page: Page) => Promise<unknown>> = {
  // The status and the counters live (the UI bench's first meaningful paint since issue 6).
  overview: (page) =>
    page.waitForFunction(() => {
      const status = document.querySelector('[data-testid="status"]')?.textContent;
      const events = document.querySelector('[data-testid="events"]')?.textContent ?? '';
      return (status === 'running' || status === 'paused') && /\d/.test(events);
    }),
  pipeline: (page) => page.getByTestId('pipeline-state').waitFor(),
  spark: (page) => page.getByTestId('spark-state').waitFor(),
  exercises: (page) => page.locator('.exercise h3').first().waitFor(),
  class: (page) => page.getByTestId('class-code').waitFor(),
  logs: (page) =>
    page.waitForFunction(() =>
      /^[1-9][\d,]* entries$/.test(
        document.querySelector('[data-testid="log-count"]')?.textContent ?? '',
      ),
    ),
  api: (page) => page.getByRole('region', { name: 'API examples' }).waitFor(),
  setup: (page) => page.getByRole('region', { name: 'Check my setup' }).waitFor(),
  projector: async (page) => {
    await page.getByTestId('class-code').waitFor();
    await page.getByTestId('next-batch').waitFor();
  },
};

/** Opens a view by its address (a new page load) and waits until it has its content. */
export async function openView(page: Page, origin: string, view: ViewId): Promise<void> {
  await page.goto(viewAddress(origin, view));
  await waitForView(page, view);
}

export async function waitForView(page: Page, view: ViewId): Promise<void> {
  await READY[view](page);
}

/** The page's own height: more than the window's means the page scrolls. */
export function pageHeight(page: Page): Promise<{ scrollHeight: number; innerHeight: number }> {
  return page.evaluate(() => ({
    scrollHeight: document.scrollingElement?.scrollHeight ?? 0,
    innerHeight: window.innerHeight,
  }));
}

/**
 * Panels whose content spills out of their box (which would overlap what is under them):
 * every panel either fits its content or scrolls it inside.
 */
export function spilledPanels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('main .panel, main section'))
      .filter((el) => {
        const style = getComputedStyle(el);
        const scrolls = /(auto|scroll|hidden)/.test(style.overflowY);
        return !scrolls && el.scrollHeight > el.clientHeight + 1;
      })
      .map(
        (el) =>
          `${el.getAttribute('aria-label') ?? el.className}: ${el.scrollHeight} > ${el.clientHeight}`,
      ),
  );
}

/** Opens a view from the navigation rail, as a user does. */
export async function viaRail(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: label, exact: true })
    .click();
}
