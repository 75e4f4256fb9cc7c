import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng, encodeRgbaPng, type RgbaImage, toPalettePng } from './png-palette.ts';

function image(width: number, height: number, color: (x: number, y: number) => number[]) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgba.set(color(x, y), (y * width + x) * 4);
  return { width, height, rgba } satisfies RgbaImage;
}

describe('PNGs with a palette', () => {
  it('keeps an image of few colours exactly, transparency included', () => {
    const few = image(40, 30, (x, y) =>
      x < 10 ? [255, 255, 255, 255] : y < 15 ? [11, 99, 197, 255] : [207, 34, 46, 128],
    );
    const out = toPalettePng(encodeRgbaPng(few));
    expect(out).toMatchObject({ colors: 3, exact: true });
    expect(decodePng(out.png)).toEqual(few);
  });

  it('brings many colours down to 256, the frequent ones exact, the rest close', () => {
    // A flat background with a gradient strip: 4,096 colours, the background most of them.
    const many = image(256, 64, (x, y) =>
      y < 48 ? [246, 247, 249, 255] : [x, (y - 48) * 16, 255 - x, 255],
    );
    const out = toPalettePng(encodeRgbaPng(many));
    expect(out.exact).toBe(false);
    expect(out.colors).toBe(256);
    const back = decodePng(out.png);
    expect(back.rgba.subarray(0, 4)).toEqual(new Uint8Array([246, 247, 249, 255]));
    let worst = 0;
    for (let i = 0; i < many.rgba.length; i++)
      worst = Math.max(worst, Math.abs((many.rgba[i] as number) - (back.rgba[i] as number)));
    expect(worst).toBeLessThanOrEqual(32);
  });

  it('reads the filtered rows Chromium writes, and writes a smaller file', () => {
    // A screenshot Chromium wrote, its rows filtered as Chromium filters them.
    const shot = readFileSync(
      join(import.meta.dirname, '..', '..', 'docs', 'images', 'view-api-light.png'),
    );
    const decoded = decodePng(shot);
    expect(decoded.width).toBe(1280);
    expect(decoded.height).toBe(800);
    const out = toPalettePng(shot);
    expect(out.png.length).toBeLessThan(shot.length);
    expect(decodePng(out.png).width).toBe(1280);
  });
});
