// The real-engine lane: Docker backend and all-in-Docker specs against a running dockerd, in
// Debian's Chromium. Run by `npm run test:engine` after docker/tests/engine/setup.sh.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_USE } from '../../../electron/testing/chromium.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'output/test-results',
  timeout: 300_000,
  workers: 1,
  reporter: [['list']],
  use: CHROMIUM_USE,
});
