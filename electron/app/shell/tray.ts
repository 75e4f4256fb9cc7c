// The tray icon: the generator's status (followed on the API's event stream), Pause/Resume
// through the HTTP API like every other client, Show and Quit. On Windows a left click on the
// icon shows the window, as Windows users expect; macOS and Linux open the menu instead.
import { join } from 'node:path';
import { followHealth } from '../tray-state.ts';
import type { AppTray, ElectronApi } from './electron-api.ts';

export interface TrayActions {
  /** The service's origin now, or undefined while it is not running. */
  baseUrl(): string | undefined;
  showWindow(): void;
  quit(): void;
  warn(message: string, error: unknown): void;
}

export function createTray(
  electron: Pick<ElectronApi, 'Menu' | 'nativeImage' | 'Tray'>,
  options: { resources: string; platform: NodeJS.Platform; actions: TrayActions },
): { tray: AppTray; stop(): void } {
  const { actions } = options;
  const icon = electron.nativeImage
    .createFromPath(join(options.resources, 'build', 'icon.png'))
    .resize({ width: 18, height: 18 });
  const tray = new electron.Tray(icon);
  tray.setToolTip('Spark Experiments');
  if (options.platform === 'win32') tray.on('click', () => actions.showWindow());
  const showStatus = (status: string | undefined) => {
    const paused = status === 'paused';
    const action = paused ? 'resume' : 'pause';
    tray.setContextMenu(
      electron.Menu.buildFromTemplate([
        { label: `Generator: ${status ?? 'unknown'}`, enabled: false },
        {
          label: paused ? 'Resume' : 'Pause',
          // The new status arrives as a health event on the stream.
          click: () =>
            void post(actions.baseUrl(), `/api/${action}`).catch((err: unknown) =>
              actions.warn(`the tray could not ${action}`, err),
            ),
        },
        { label: 'Show', click: () => actions.showWindow() },
        { type: 'separator' },
        { label: 'Quit', click: () => actions.quit() },
      ]),
    );
  };
  showStatus(undefined);
  const follower = followHealth({ baseUrl: actions.baseUrl, onStatus: showStatus });
  return { tray, stop: () => follower.stop() };
}

async function post(base: string | undefined, path: string): Promise<void> {
  if (!base) return;
  const response = await fetch(`${base}${path}`, { method: 'POST' });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}
