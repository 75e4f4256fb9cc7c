// Electron main process: a thin entry that hands the real Electron module, the platform, the
// environment and the bundle's places to the desktop shell (shell/desktop-shell.ts), which is
// tested under plain Node with a stand-in for Electron.
import * as electron from 'electron';
import { DesktopShell } from './shell/desktop-shell.ts';

new DesktopShell({
  electron,
  platform: process.platform,
  env: process.env,
  here: import.meta.dirname, // dist-electron/ in a build
  resourcesPath: process.resourcesPath,
}).launch();
