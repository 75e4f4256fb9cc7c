// From what a student types (and, for a custom config, the recipe file they import) to the
// dataset to make: the class code read, its preset loaded from this app's presets and checked
// against the instructor's (its fingerprint), or the recipe checked against the code's hash,
// so two machines never silently make different data.
import { configFingerprint, parseClassCode } from '../../../shared/class-code.ts';
import type { GeneratorConfig } from '../../../shared/config.ts';
import { type JoinTarget, parseRecipe } from '../../../shared/recipe.ts';
import { loadPreset } from '../dataset/presets.ts';

export type ResolvedCode =
  | { ok: true; code: JoinTarget; config: GeneratorConfig }
  | { ok: false; message: string };

export function resolveClassCode(
  text: string | undefined,
  presetsDir: string,
  recipe?: unknown,
): ResolvedCode {
  const imported = recipe === undefined ? undefined : parseRecipe(recipe);
  if (imported && !imported.ok) return imported;
  if (text === undefined || text.trim() === '') {
    if (!imported) return { ok: false, message: 'give the class code (or a recipe file)' };
    return { ok: true, code: imported.target, config: imported.config };
  }
  const parsed = parseClassCode(text);
  if (!parsed.ok) return parsed;
  const code = parsed.code;
  if (code.kind === 'recipe') {
    if (!imported)
      return {
        ok: false,
        message:
          'that code names a recipe (a custom config): import the recipe.json the instructor shares, then join',
      };
    if (imported.hash !== code.hash)
      return {
        ok: false,
        message: 'that recipe file is not the one this code names: ask for the current one',
      };
    return { ok: true, code: imported.target, config: imported.config };
  }
  const preset = loadPreset(code.preset, presetsDir);
  if (!preset.ok)
    return {
      ok: false,
      message: `preset ${code.preset} of that code is not valid here: ${preset.issues[0]?.message}`,
    };
  if (configFingerprint(preset.config) !== code.fingerprint)
    return {
      ok: false,
      message: `that code was made with another version of preset ${code.preset} (the preset files differ): use the instructor's app version, or their recipe file`,
    };
  return { ok: true, code, config: preset.config };
}
