// What the desktop app remembers between launches (the chosen data folder, and Spark's ports
// when another program holds the usual ones), as a small JSON file in the app's user-data
// folder, written atomically.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SPARK_PORT_NAMES, type SparkPorts } from '../../shared/spark-ports.ts';

export interface AppSettings {
  dataDir: string;
  /** `{"sparkPorts": {"notebook": 28888}}`: over SPARK_EXPERIMENTS_*_PORT and the defaults. */
  sparkPorts?: Partial<SparkPorts>;
}

/** The valid entries of a saved `sparkPorts` (a bad one is left out, never fatal). */
function portsFrom(saved: unknown): Partial<SparkPorts> | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const ports: Partial<SparkPorts> = {};
  for (const name of SPARK_PORT_NAMES) {
    const value = (saved as Record<string, unknown>)[name];
    if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535)
      ports[name] = value as number;
  }
  return Object.keys(ports).length > 0 ? ports : undefined;
}

export function loadSettings(file: string, defaults: AppSettings): AppSettings {
  if (!existsSync(file)) return defaults;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<AppSettings>;
    const sparkPorts = portsFrom(saved.sparkPorts);
    return {
      dataDir:
        typeof saved.dataDir === 'string' && saved.dataDir.length > 0
          ? saved.dataDir
          : defaults.dataDir,
      ...(sparkPorts ? { sparkPorts } : {}),
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
