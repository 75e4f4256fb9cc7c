// Smaller PNGs for the README's screenshots, with nothing but node:zlib: a screenshot is
// decoded and written again with a palette of at most 256 colours (one byte a pixel instead
// of four, which deflate packs far better). Exact when the image has 256 colours or fewer;
// otherwise median cut over the image's colours, weighted by how often each appears, so the
// large flat areas of a UI keep their exact colours and only anti-aliased edges move.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

export interface RgbaImage {
  width: number;
  height: number;
  /** Four bytes a pixel, row after row. */
  rgba: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced PNG: truecolour, truecolour with alpha, or palette. */
export function decodePng(png: Buffer): RgbaImage {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Buffer = Buffer.alloc(0);
  let alphas: Buffer = Buffer.alloc(0);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    at += 12 + length;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9] as number;
      if (data[8] !== 8 || data[12] !== 0 || ![2, 3, 6].includes(colorType))
        throw new Error('only 8-bit, non-interlaced RGB, RGBA and palette PNGs are read');
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') alphas = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const raw = unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    if (channels === 1) {
      const p = raw[i] as number;
      rgba.set(palette.subarray(p * 3, p * 3 + 3), i * 4);
      rgba[i * 4 + 3] = p < alphas.length ? (alphas[p] as number) : 255;
    } else {
      rgba.set(raw.subarray(i * channels, i * channels + 3), i * 4);
      rgba[i * 4 + 3] = channels === 4 ? (raw[i * 4 + 3] as number) : 255;
    }
  }
  return { width, height, rgba };
}

function unfilter(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (out[row + x - bpp] as number) : 0;
      const b = y > 0 ? (out[row - stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (out[row - stride + x - bpp] as number) : 0;
      const v = data[src + x] as number;
      let add = 0;
      if (type === 1) add = a;
      else if (type === 2) add = b;
      else if (type === 3) add = (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (type !== 0) throw new Error(`unknown PNG filter ${type}`);
      out[row + x] = (v + add) & 0xff;
    }
  }
  return out;
}

interface Box {
  colors: number[];
}

const channel = (color: number, c: number) => (color >>> (24 - 8 * c)) & 0xff;

/** At most `max` colours: the image's own when it has that few, else median cut. */
export function quantize(
  image: RgbaImage,
  max = 256,
): { palette: number[]; indices: Uint8Array; exact: boolean } {
  const { rgba } = image;
  const pixels = rgba.length / 4;
  const view = new DataView(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels; i++) {
    const color = view.getUint32(i * 4);
    counts.set(color, (counts.get(color) ?? 0) + 1);
  }
  const slot = new Map<number, number>();
  const palette: number[] = [];
  if (counts.size <= max) {
    for (const color of counts.keys()) {
      slot.set(color, palette.length);
      palette.push(color);
    }
  } else {
    const boxes: Box[] = [{ colors: [...counts.keys()] }];
    const spread = (box: Box) => {
      let best = { c: 0, range: -1 };
      for (let c = 0; c < 4; c++) {
        let lo = 255;
        let hi = 0;
        for (const color of box.colors) {
          const v = channel(color, c);
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        if (hi - lo > best.range) best = { c, range: hi - lo };
      }
      return best;
    };
    while (boxes.length < max) {
      // Split the box whose colours are most spread, weighted by the pixels it holds.
      let pick = -1;
      let score = 0;
      for (const [i, box] of boxes.entries()) {
        if (box.colors.length < 2) continue;
        const weight = box.colors.reduce((n, color) => n + (counts.get(color) as number), 0);
        const s = spread(box).range * Math.sqrt(weight);
        if (s > score) {
          score = s;
          pick = i;
        }
      }
      if (pick < 0) break;
      const box = boxes[pick] as Box;
      const { c } = spread(box);
      box.colors.sort((x, y) => channel(x, c) - channel(y, c));
      const total = box.colors.reduce((n, color) => n + (counts.get(color) as number), 0);
      let seen = 0;
      let cut = 1;
      for (; cut < box.colors.length - 1; cut++) {
        seen += counts.get(box.colors[cut - 1] as number) as number;
        if (seen * 2 >= total) break;
      }
      boxes.splice(
        pick,
        1,
        { colors: box.colors.slice(0, cut) },
        { colors: box.colors.slice(cut) },
      );
    }
    for (const box of boxes) {
      const sums = [0, 0, 0, 0];
      let weight = 0;
      for (const color of box.colors) {
        const n = counts.get(color) as number;
        for (let c = 0; c < 4; c++) sums[c] = (sums[c] as number) + channel(color, c) * n;
        weight += n;
        slot.set(color, palette.length);
      }
      const [r, g, b, a] = sums.map((s) => Math.round(s / weight)) as [
        number,
        number,
        number,
        number,
      ];
      palette.push(((r << 24) | (g << 16) | (b << 8) | a) >>> 0);
    }
  }
  const indices = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) indices[i] = slot.get(view.getUint32(i * 4)) as number;
  return { palette, indices, exact: counts.size <= max };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(width: number, height: number, colorType: number, extra: Buffer[], rows: Buffer) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...extra,
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rows of `stride` bytes, each after its filter byte (0: none, best for palette images). */
function rowsOf(bytes: Uint8Array, stride: number, height: number): Buffer {
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++)
    rows.set(bytes.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return rows;
}

/** A plain RGBA PNG (no filtering): test images, and the reference the palette is checked on. */
export function encodeRgbaPng(image: RgbaImage): Buffer {
  return png(image.width, image.height, 6, [], rowsOf(image.rgba, image.width * 4, image.height));
}

/** `source` again with a palette of at most 256 colours; `exact` when nothing changed. */
export function toPalettePng(source: Buffer): { png: Buffer; colors: number; exact: boolean } {
  const image = decodePng(source);
  const { palette, indices, exact } = quantize(image);
  const plte = Buffer.alloc(palette.length * 3);
  const trns = Buffer.alloc(palette.length);
  palette.forEach((color, i) => {
    plte.writeUIntBE(color >>> 8, i * 3, 3);
    trns[i] = color & 0xff;
  });
  const extra = [chunk('PLTE', plte)];
  if (trns.some((a) => a !== 255)) extra.push(chunk('tRNS', trns));
  return {
    png: png(image.width, image.height, 3, extra, rowsOf(indices, image.width, image.height)),
    colors: palette.length,
    exact,
  };
}
