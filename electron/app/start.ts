// `npm start`: builds the dashboard and the app, then opens the desktop window. Where no
// Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or a machine without a
// display), it says so and runs the same service headless, with the dashboard in a browser.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathFrom } from '../entry-point.ts';
import { buildApp } from './build.ts';
import { buildDashboard } from './build-ui.ts';
import { electronBinary } from './electron-binary.ts';
import { installElectron } from './electron-install.ts';

const root = pathFrom(import.meta.url, '../..');

const ui = buildDashboard(root);
if (ui !== 0) process.exit(ui);
await buildApp();

/**
 * Electron 45 downloads its binary on first use, not at npm install. Do that here, once,
 * unless the install said not to (ELECTRON_SKIP_BINARY_DOWNLOAD, as on machines without
 * internet access).
 */
async function ensureElectronBinary(): Promise<string | undefined> {
  const found = electronBinary();
  if (found || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return found;
  const installed = await installElectron({
    installer: join(root, 'node_modules', 'electron', 'install.js'),
    cwd: root,
    say: (line) => process.stdout.write(`${line}\n`),
  });
  return installed ? electronBinary() : undefined;
}

const binary = await ensureElectronBinary();
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (binary && !noDisplay) {
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    binary
      ? 'No display found: running the generator headless instead of opening the window.\n'
      : 'The Electron binary is not installed here (npm install with ELECTRON_SKIP_BINARY_DOWNLOAD, or its download failed).\n' +
          'Running the generator headless instead: open the address below in a browser for the same dashboard.\n',
  );
  // Through the launcher: the prebuilt service, and the dashboard built if it is stale.
  const child = spawn(process.execPath, ['electron/run.mjs', 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
