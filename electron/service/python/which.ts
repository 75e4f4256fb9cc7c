// Finding a program on PATH ourselves, the way the platform's shell would, so that discovery
// can say which file it found (a Microsoft Store alias, a macOS stub) and spawn that file.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/** PATH's value; Windows spells the variable Path and matches names without case. */
export function pathValue(env: NodeJS.ProcessEnv): string {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH' && env[k]);
  return (key && env[key]) || '';
}

function isProgram(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    // Windows runs any file with a PATHEXT extension; elsewhere the execute bit decides.
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The file that `name` runs on this PATH, or undefined. */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | undefined {
  const dirs = pathValue(env)
    .split(platform === 'win32' ? ';' : ':')
    .filter(Boolean);
  const extensions =
    platform === 'win32'
      ? (env.PATHEXT || '.COM;.EXE;.BAT;.CMD')
          .split(';')
          .filter(Boolean)
          .map((e) => e.toLowerCase())
      : [''];
  for (const dir of dirs)
    for (const ext of extensions) {
      const file = join(dir, name + ext);
      if (isProgram(file, platform)) return file;
    }
  return undefined;
}
