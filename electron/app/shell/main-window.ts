// The dashboard's window: isolated, sandboxed, no Node in the page; the preload is the only
// bridge. Closing it keeps the app in the tray; Quit in the tray menu (or the app menu) ends it.
import { join } from 'node:path';
import type { AppWindow, ElectronApi } from './electron-api.ts';

export function createMainWindow(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  options: {
    /** The bundle's folder, where preload.cjs is. */
    here: string;
    /** Whether closing only hides (a tray keeps the app reachable, and it is not quitting). */
    hideOnClose: () => boolean;
  },
): AppWindow {
  const { BrowserWindow } = electron;
  const window = new BrowserWindow({
    width: 1400,
    height: 950,
    title: 'Spark Experiments',
    show: false,
    webPreferences: {
      preload: join(options.here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (options.hideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });
  return window;
}

/** Brings an existing window to the front (restored if minimized). */
export function bringToFront(window: AppWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
