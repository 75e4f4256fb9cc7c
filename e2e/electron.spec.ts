// The desktop app itself, through Playwright's Electron driver. It needs the Electron binary,
// which cannot be downloaded on machines installed with ELECTRON_SKIP_BINARY_DOWNLOAD (such as
// this project's CI): there the test is SKIPPED and says so. Everything it checks also has a
// test that runs everywhere: the shell under a stand-in Electron (electron/app/shell/*.test.ts),
// the security rules (electron/app/security.test.ts), the Electronegativity scan (npm run test:electron-security), the bundled service
// (electron/app/build.test.ts) and the dashboard (e2e/dashboard.spec.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_NOT_RUN, electronBinary } from './electron-binary.ts';

const binary = electronBinary();

test.describe('desktop app', () => {
  test.skip(!binary, ELECTRON_NOT_RUN);

  test('opens the dashboard in a locked-down window', async () => {
    const home = mkdtempSync(join(tmpdir(), 'spark-exp-electron-'));
    const app = await electron.launch({
      executablePath: binary,
      args: ['.', '--no-sandbox'],
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('region', { name: 'Status' })).toBeVisible();
      // No Node in the page: nodeIntegration off, sandbox on, context isolated.
      const globals = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys(
          (globalThis as { sparkExperiments?: object }).sparkExperiments ?? {},
        ).sort(),
        // window.open is denied by the main process.
        opened: window.open('https://example.com') !== null,
      }));
      expect(globals).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: [
          'chooseDataFolder',
          'openDataFolder',
          'openExerciseNotebook',
          'openExternal',
          'revealExerciseNotebook',
        ],
        opened: false,
      });
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
