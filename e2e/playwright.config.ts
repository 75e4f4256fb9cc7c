import { defineConfig } from '@playwright/test';
import { CHROMIUM_USE } from '../electron/testing/chromium.ts';
import { ELECTRON_NOT_RUN, electronBinary } from './electron-binary.ts';

if (!electronBinary()) console.log(ELECTRON_NOT_RUN);

export default defineConfig({
  testDir: '.',
  outputDir: 'output/test-results',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: CHROMIUM_USE,
});
