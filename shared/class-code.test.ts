import { describe, expect, it } from 'vitest';
import {
  CLASS_PRESETS,
  formatClassCode,
  type PresetCode,
  parseClassCode,
  recipeHash,
} from './class-code.ts';

const sample: PresetCode = {
  kind: 'preset',
  preset: 'emulated',
  fingerprint: 0xa7,
  seed: 4_294_967_295,
  startSeconds: Date.UTC(2026, 10, 26, 9, 0, 10) / 1000,
  companyOffset: 15,
};

describe('class codes', () => {
  it('round-trips every shipped preset, with extreme seeds, starts and offsets', () => {
    for (const preset of CLASS_PRESETS) {
      for (const [seed, startSeconds, companyOffset] of [
        [0, 1_577_836_800, 0],
        [42, Date.UTC(2026, 0, 1) / 1000, 4095],
        [4_294_967_295, 1_577_836_800 + (2 ** 29 - 1) * 5, 7],
      ] as const) {
        const code: PresetCode = {
          kind: 'preset',
          preset,
          fingerprint: 0x3c,
          seed,
          startSeconds,
          companyOffset,
        };
        const text = formatClassCode(code);
        expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
        expect(parseClassCode(text)).toEqual({ ok: true, code });
      }
    }
  });

  it('reads a code as people type it: any case, I/L for 1, O for 0, spaces for dashes', () => {
    const text = formatClassCode(sample);
    const typed = text.toLowerCase().replaceAll('-', ' ').replaceAll('1', 'l').replaceAll('0', 'o');
    expect(parseClassCode(typed)).toEqual({ ok: true, code: sample });
  });

  it('catches every single-character typo', () => {
    const text = formatClassCode(sample).replaceAll('-', '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let caught = 0;
    let tried = 0;
    for (let i = 0; i < text.length; i++) {
      for (const ch of alphabet) {
        if (ch === text[i]) continue;
        tried++;
        const wrong = text.slice(0, i) + ch + text.slice(i + 1);
        const r = parseClassCode(wrong);
        // Refused, or (a padding bit) read as the very same code: either way no other data.
        if (!r.ok || JSON.stringify(r.code) === JSON.stringify(sample)) caught++;
      }
    }
    // A 10-bit checksum lets about one in a thousand through; a single typo must almost never pass.
    expect(caught / tried).toBeGreaterThan(0.99);
  });

  it('says what is wrong with what is not a code', () => {
    expect(parseClassCode('hello')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/20 characters/),
    });
    expect(parseClassCode('K7QM-3XPA-9D2F-T1BC-04R!')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/only letters and digits/),
    });
  });

  it('names a recipe by the hash of its text, in 12 characters', () => {
    const hash = recipeHash('{"config":{},"seed":1}');
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    const text = formatClassCode({ kind: 'recipe', hash });
    expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseClassCode(text)).toEqual({ ok: true, code: { kind: 'recipe', hash } });
    expect(recipeHash('{"config":{},"seed":2}')).not.toBe(hash);
  });

  it('refuses datasets a code cannot carry, so a recipe is used instead', () => {
    expect(() => formatClassCode({ ...sample, startSeconds: sample.startSeconds + 1 })).toThrow(
      /5-second grid/,
    );
    expect(() => formatClassCode({ ...sample, companyOffset: 5000 })).toThrow(/4,095 companies/);
    expect(() => formatClassCode({ ...sample, preset: 'custom' })).toThrow(/not a shipped preset/);
  });
});
