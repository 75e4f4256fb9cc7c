// A recipe: the dataset epoch of a class as a small JSON file, for what a class code cannot
// carry (a custom config, a far offset). Its class code names it by the hash of its canonical
// text, so the code on the projector proves the file a student imports is the instructor's.
import { z } from 'zod';
import {
  configFingerprint,
  formatClassCode,
  type PresetCode,
  presetCodeProblem,
  recipeHash,
} from './class-code.ts';
import { configToRaw, type GeneratorConfig, parseConfigObject } from './config.ts';

export interface JoinTarget {
  seed: number;
  startSeconds: number;
  companyOffset: number;
}

const recipeFileSchema = z.strictObject({
  format: z.literal(1),
  kind: z.literal('spark-experiments-recipe'),
  config: z.record(z.string(), z.unknown()),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  start: z.iso.datetime(),
  company_offset: z.number().int().min(0),
});

/** The canonical text of a recipe (fixed key order, two-space indent, final newline). */
export function recipeText(config: GeneratorConfig, target: JoinTarget): string {
  return `${JSON.stringify(
    {
      format: 1,
      kind: 'spark-experiments-recipe',
      config: configToRaw(config),
      seed: target.seed,
      start: new Date(target.startSeconds * 1000).toISOString().replace('.000Z', 'Z'),
      company_offset: target.companyOffset,
    },
    null,
    2,
  )}\n`;
}

export function recipeCode(config: GeneratorConfig, target: JoinTarget): string {
  return formatClassCode({ kind: 'recipe', hash: recipeHash(recipeText(config, target)) });
}

/** Reads a recipe file; its hash is of its canonical text, whatever spacing it arrived with. */
export function parseRecipe(
  data: unknown,
):
  | { ok: true; config: GeneratorConfig; target: JoinTarget; hash: string }
  | { ok: false; message: string } {
  const file = recipeFileSchema.safeParse(data);
  if (!file.success)
    return {
      ok: false,
      message: 'not a Spark Experiments recipe (recipe.json from Export recipe)',
    };
  const config = parseConfigObject(file.data.config, 'recipe');
  if (!config.ok)
    return { ok: false, message: `the recipe's config is invalid: ${config.issues[0]?.message}` };
  const target = {
    seed: file.data.seed,
    startSeconds: Date.parse(file.data.start) / 1000,
    companyOffset: file.data.company_offset,
  };
  return {
    ok: true,
    config: config.config,
    target,
    hash: recipeHash(recipeText(config.config, target)),
  };
}

/** The class code of a dataset epoch: a preset code where one can carry it, else its recipe's. */
export function classCodeFor(epoch: JoinTarget & { config: GeneratorConfig }): string {
  const code: PresetCode = {
    kind: 'preset',
    preset: epoch.config.name,
    fingerprint: configFingerprint(epoch.config),
    seed: epoch.seed,
    startSeconds: epoch.startSeconds,
    companyOffset: epoch.companyOffset,
  };
  // A shipped preset's name on a config that is not that preset (a renamed custom file, say)
  // would name other data: only a preset code whose preset this config matches is used.
  return presetCodeProblem(code) ? recipeCode(epoch.config, epoch) : formatClassCode(code);
}
