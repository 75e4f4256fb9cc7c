export { electronBinary } from '../electron/app/electron-binary.ts';

export const ELECTRON_NOT_RUN =
  'NOT RUN: e2e/electron.spec.ts needs the Electron binary, which is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD). Run npm install where Electron can be downloaded, then npm run build:app, to run it.';
