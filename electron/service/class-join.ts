// From what a student types to the dataset to make: the class code read, its preset loaded
// from this app's presets, and the preset checked against the instructor's (its fingerprint),
// so two app versions with different preset files never silently make different data.
import { configFingerprint, type PresetCode, parseClassCode } from '../../shared/class-code.ts';
import type { GeneratorConfig } from '../../shared/config.ts';
import { loadPreset } from './presets.ts';

export type ResolvedCode =
  | { ok: true; code: PresetCode; config: GeneratorConfig }
  | { ok: false; message: string };

export function resolveClassCode(text: string, presetsDir: string): ResolvedCode {
  const parsed = parseClassCode(text);
  if (!parsed.ok) return parsed;
  const code = parsed.code;
  if (code.kind === 'recipe')
    return {
      ok: false,
      message:
        'that code names a recipe file: a custom config travels as its recipe.json (not in this version yet)',
    };
  const preset = loadPreset(code.preset, presetsDir);
  if (!preset.ok)
    return {
      ok: false,
      message: `preset ${code.preset} of that code is not valid here: ${preset.issues[0]?.message}`,
    };
  if (configFingerprint(preset.config) !== code.fingerprint)
    return {
      ok: false,
      message: `that code was made with another version of preset ${code.preset} (the preset files differ): use the instructor's app version`,
    };
  return { ok: true, code, config: preset.config };
}
