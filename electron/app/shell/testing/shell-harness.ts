// Runs the desktop shell under plain Node for a test: the stand-in Electron, the platform and
// the environment the test gives, fresh user-data, home and Documents folders, and the real
// service on a free port of 127.0.0.1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../../service/http/server.ts';
import type { ChildLedger } from '../../../service/platform/child-ledger.ts';
import { DesktopShell } from '../desktop-shell.ts';
import type { ElectronApi } from '../electron-api.ts';
import { createFakeElectron, type FakeElectron } from './fake-electron.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');

export interface LaunchedShell {
  fake: FakeElectron;
  root: string;
  userData: string;
  documents: string;
  /** Every service the shell started, in order. */
  servers: RunningServer[];
  /** PATH as the service saw it when it was started. */
  pathAtStart: Array<string | undefined>;
  /** The app's window, once the shell has shown it. */
  window(): FakeElectron['windows'][number];
  /** Resolves once the shell showed its window or ended the app. */
  started(): Promise<void>;
  /** Quits (if the test did not) and removes the folders. */
  close(): Promise<void>;
}

export async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function launchShell(
  options: {
    platform?: NodeJS.Platform;
    primary?: boolean;
    env?: NodeJS.ProcessEnv;
    /** The data folder saved by an earlier launch. */
    savedDataDir?: string;
    exists?: (path: string) => boolean;
    ledger?: ChildLedger;
    /** Electron is ready at once (default), or when the test calls fake.ready(). */
    readyNow?: boolean;
    /** Files an earlier run left in the user-data folder, by name. */
    userDataFiles?: Record<string, string>;
  } = {},
): LaunchedShell {
  const root = mkdtempSync(join(tmpdir(), 'spark-exp-shell-'));
  const paths = {
    userData: join(root, 'user-data'),
    home: join(root, 'home'),
    documents: join(root, 'home', 'Documents'),
  };
  for (const dir of Object.values(paths)) mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(options.userDataFiles ?? {}))
    writeFileSync(join(paths.userData, name), text);
  // The Windows default is a win32 path, which this system would read as a relative one.
  const savedDataDir =
    options.savedDataDir ?? (options.platform === 'win32' ? join(root, 'data') : undefined);
  if (savedDataDir !== undefined)
    writeFileSync(join(paths.userData, 'settings.json'), JSON.stringify({ dataDir: savedDataDir }));
  const fake = createFakeElectron({ paths, appPath: REPO_ROOT, primary: options.primary });
  const servers: RunningServer[] = [];
  const pathAtStart: Array<string | undefined> = [];
  const env = options.env ?? { ...process.env };
  new DesktopShell({
    electron: fake.electron as unknown as ElectronApi,
    platform: options.platform ?? 'linux',
    env,
    here: join(REPO_ROOT, 'dist-electron'),
    resourcesPath: join(root, 'no-resources-in-development'),
    preferredPort: 0,
    exists: options.exists,
    ledger: options.ledger,
    startServer: async (serverOptions) => {
      pathAtStart.push(env.PATH);
      const server = await startServer(serverOptions);
      servers.push(server);
      return server;
    },
  }).launch();
  if (options.readyNow !== false) fake.ready();
  return {
    fake,
    root,
    userData: paths.userData,
    documents: paths.documents,
    servers,
    pathAtStart,
    window() {
      const window = fake.windows.at(-1);
      if (!window) throw new Error('the shell has shown no window');
      return window;
    },
    started: () =>
      until(
        () => fake.windows.length > 0 || fake.exitCode() !== undefined,
        'the shell to show its window or end',
      ),
    async close() {
      if (fake.exitCode() === undefined && servers.length > 0) {
        fake.app.quit();
        await Promise.race([fake.exited, new Promise((r) => setTimeout(r, 30_000))]);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
