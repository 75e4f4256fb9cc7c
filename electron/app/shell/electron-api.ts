// The parts of Electron the shell uses, passed in rather than imported: main.ts hands over the
// real module, tests a stand-in (electron/app/shell/testing/fake-electron.ts), so the whole
// shell runs under plain Node. A type-only import: nothing here loads Electron.
import type * as Electron from 'electron';

export type ElectronApi = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'dialog'
  | 'ipcMain'
  | 'Menu'
  | 'nativeImage'
  | 'session'
  | 'shell'
  | 'Tray'
>;

export type AppWindow = Electron.BrowserWindow;
export type AppTray = Electron.Tray;
