// The shipped presets (presets/*.yaml) and custom config files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigResult, closestKey, parseConfigYaml } from '../../../shared/config.ts';

/** presets/ at the repository root (the packaged app passes its resources folder instead). */
export const DEFAULT_PRESETS_DIR = fileURLToPath(new URL('../../../presets/', import.meta.url));

export function presetNames(dir = DEFAULT_PRESETS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => ['.yaml', '.yml'].includes(extname(f)))
    .map((f) => basename(f, extname(f)))
    .sort();
}

export function loadPreset(name: string, dir = DEFAULT_PRESETS_DIR): ConfigResult {
  const names = presetNames(dir);
  const file = ['.yaml', '.yml'].map((ext) => join(dir, name + ext)).find((f) => existsSync(f));
  if (!file || !/^[\w.-]+$/.test(name)) {
    const hint = closestKey(name, names);
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `unknown preset "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; available: ${names.join(', ')}`,
        },
      ],
    };
  }
  return loadConfigFile(file);
}

export function loadConfigFile(path: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, issues: [{ path: '', message: `cannot read ${path} (${code})` }] };
  }
  return parseConfigYaml(text, basename(path, extname(path)));
}
