// What the desktop app remembers between launches (the chosen data folder), as a small JSON
// file in the app's user-data folder, written atomically.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AppSettings {
  dataDir: string;
}

export function loadSettings(file: string, defaults: AppSettings): AppSettings {
  if (!existsSync(file)) return defaults;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<AppSettings>;
    return {
      dataDir:
        typeof saved.dataDir === 'string' && saved.dataDir.length > 0
          ? saved.dataDir
          : defaults.dataDir,
    };
  } catch {
    return defaults;
  }
}

export function saveSettings(file: string, settings: AppSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.settings-${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(tmp, file);
}
