// `presets`: the shipped presets, one line each.
import { loadPreset, presetNames } from '../service/dataset/presets.ts';
import { PRESETS_DIR } from './places.ts';

export function presets(): void {
  for (const name of presetNames(PRESETS_DIR)) {
    const result = loadPreset(name, PRESETS_DIR);
    process.stdout.write(
      result.ok
        ? `${name.padEnd(18)} ${result.config.description}\n`
        : `${name.padEnd(18)} (invalid: ${result.issues[0]?.message})\n`,
    );
  }
}
