// Byte-level writers for the hot path: JSONL lines are assembled straight into a reusable
// buffer (no intermediate objects or strings per event). All output is ASCII.
import type { Xor128 } from './random.ts';

const HEX = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const s = i.toString(16).padStart(2, '0');
  HEX[2 * i] = s.charCodeAt(0);
  HEX[2 * i + 1] = s.charCodeAt(1);
}
const DASH = 45;
const DIGIT0 = 48;

/** Writes the low `bytes` bytes of `word` (big-endian) as hex; returns the new position. */
function writeHex(buf: Uint8Array, pos: number, word: number, bytes: number): number {
  let p = pos;
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    const byte = (word >>> shift) & 0xff;
    buf[p++] = HEX[2 * byte] as number;
    buf[p++] = HEX[2 * byte + 1] as number;
  }
  return p;
}

/**
 * A version-4 formatted UUID from four draws of the stream (122 random bits), written as its
 * 36 ASCII bytes `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. Returns the new position.
 */
export function writeUuid(buf: Uint8Array, pos: number, rng: Xor128): number {
  const w0 = rng.nextInt32();
  const w1 = (rng.nextInt32() & 0xffff0fff) | 0x00004000; // version nibble
  const w2 = (rng.nextInt32() & 0x3fffffff) | 0x80000000; // variant bits
  const w3 = rng.nextInt32();
  let p = writeHex(buf, pos, w0, 4);
  buf[p++] = DASH;
  p = writeHex(buf, p, w1 >>> 16, 2);
  buf[p++] = DASH;
  p = writeHex(buf, p, w1, 2);
  buf[p++] = DASH;
  p = writeHex(buf, p, w2 >>> 16, 2);
  buf[p++] = DASH;
  p = writeHex(buf, p, w2, 2);
  return writeHex(buf, p, w3, 4);
}

const uuidScratch = new Uint8Array(36);
export function uuidString(rng: Xor128): string {
  writeUuid(uuidScratch, 0, rng);
  return asciiString(uuidScratch, 0, 36);
}

export function asciiString(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i] as number);
  return s;
}

/** Writes an ASCII string; returns the new position. */
export function writeAscii(buf: Uint8Array, pos: number, text: string): number {
  let p = pos;
  for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
  return p;
}

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  writeAscii(out, 0, text);
  return out;
}

function write2(buf: Uint8Array, p: number, n: number): void {
  buf[p] = DIGIT0 + ((n / 10) | 0);
  buf[p + 1] = DIGIT0 + (n % 10);
}

const DAY_MS = 86_400_000;

/**
 * Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes). The date part is cached
 * per day since a batch's timestamps share one or two days.
 */
export class TimestampWriter {
  private day = Number.NaN;
  private readonly datePart = new Uint8Array(11);

  write(buf: Uint8Array, pos: number, ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      writeAscii(this.datePart, 0, new Date(day * DAY_MS).toISOString().slice(0, 11));
    }
    buf.set(this.datePart, pos);
    let rest = ms - day * DAY_MS;
    const hours = (rest / 3_600_000) | 0;
    rest -= hours * 3_600_000;
    const minutes = (rest / 60_000) | 0;
    rest -= minutes * 60_000;
    const seconds = (rest / 1000) | 0;
    const millis = rest - seconds * 1000;
    const p = pos + 11;
    write2(buf, p, hours);
    buf[p + 2] = 58;
    write2(buf, p + 3, minutes);
    buf[p + 5] = 58;
    write2(buf, p + 6, seconds);
    buf[p + 8] = 46;
    buf[p + 9] = DIGIT0 + ((millis / 100) | 0);
    write2(buf, p + 10, millis % 100);
    buf[p + 12] = 90;
    return pos + 24;
  }
}

/** `2024-01-01T12:12:59.558Z` */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2024-01-01T12:00:00Z` (interval bounds in batch_meta.json). */
export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Batch folder name: interval start in UTC as `YYYYMMDDTHHMMSSZ`. */
export function batchIdOf(startSeconds: number): string {
  return isoSeconds(startSeconds).replace(/[-:]/g, '');
}

const BATCH_ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
export function parseBatchId(id: string): number | undefined {
  const m = BATCH_ID.exec(id);
  if (!m) return undefined;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  return Number.isNaN(ms) || batchIdOf(ms / 1000) !== id ? undefined : ms / 1000;
}
