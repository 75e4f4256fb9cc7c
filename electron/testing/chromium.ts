// Debian's Chromium for browser tests and benchmarks (Playwright's own download is not
// available on these machines), with the flags this workplace's closed network needs.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright's `use` block for both browser suites (e2e/ and the engine lane). */
export const CHROMIUM_USE = {
  browserName: 'chromium' as const,
  viewport: { width: 1400, height: 1000 },
  launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
};
