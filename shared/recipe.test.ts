import { describe, expect, it } from 'vitest';
import { presetConfig } from '../electron/testing/presets.ts';
import { parseClassCode, recipeHash } from './class-code.ts';
import { classCodeFor, parseRecipe, recipeCode, recipeText } from './recipe.ts';

const target = { seed: 7, startSeconds: Date.UTC(2026, 10, 26, 9) / 1000, companyOffset: 3 };

describe('recipes', () => {
  it('read back to the same config, seed, start and offset, and the same hash', () => {
    for (const name of [
      'base',
      'emulated',
      'quality-injection',
      'scaling',
      'small',
      'world',
      'late-data',
    ]) {
      const config = { ...presetConfig(name), name: `my-${name}` };
      const text = recipeText(config, target);
      const read = parseRecipe(JSON.parse(text));
      if (!read.ok) throw new Error(read.message);
      expect(read.config).toEqual(config);
      expect(read.target).toEqual(target);
      expect(read.hash).toBe(recipeHash(text));
      // Spacing does not matter, the content does.
      expect(parseRecipe(JSON.parse(JSON.stringify(JSON.parse(text))))).toMatchObject({
        hash: read.hash,
      });
    }
  });

  it('gives a custom config a recipe code, and a shipped preset a preset code', () => {
    const custom = { ...presetConfig('emulated'), name: 'my-class' };
    const code = classCodeFor({ ...target, config: custom });
    expect(code).toBe(recipeCode(custom, target));
    expect(parseClassCode(code)).toMatchObject({ ok: true, code: { kind: 'recipe' } });
    const shipped = classCodeFor({ ...target, config: presetConfig('emulated') });
    expect(parseClassCode(shipped)).toMatchObject({
      ok: true,
      code: { kind: 'preset', preset: 'emulated' },
    });
  });

  it('changes its hash when anything that changes the data changes, and refuses what is not a recipe', () => {
    const config = { ...presetConfig('small'), name: 'x' };
    const hash = (t: typeof target, c = config) => recipeHash(recipeText(c, t));
    expect(hash({ ...target, seed: 8 })).not.toBe(hash(target));
    expect(hash({ ...target, startSeconds: target.startSeconds + 900 })).not.toBe(hash(target));
    expect(hash(target, { ...config, drivers_per_company: 4 })).not.toBe(hash(target));
    expect(parseRecipe({ hello: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a Spark Experiments recipe/),
    });
    const broken = JSON.parse(recipeText(config, target));
    broken.config.drivers_per_company = 0;
    expect(parseRecipe(broken)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/config is invalid/),
    });
  });
});
