import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../electron/testing/chromium.ts';
import { ELECTRON_NOT_RUN, electronBinary } from './electron-binary.ts';

if (!electronBinary()) console.log(ELECTRON_NOT_RUN);

export default defineConfig({
  testDir: '.',
  outputDir: 'output/test-results',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 1000 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
