// Where the Electron binary is, if npm could download it (not with ELECTRON_SKIP_BINARY_DOWNLOAD).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined; // the electron package throws when its binary was never downloaded
  }
}

export const ELECTRON_NOT_RUN =
  'NOT RUN: e2e/electron.spec.ts needs the Electron binary, which is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD). Run npm install where Electron can be downloaded, then npm run build:app, to run it.';
