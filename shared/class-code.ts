// Class codes: what an instructor shows on the projector so every student's app makes the same
// bytes. A code names one dataset epoch (config, seed, start, company offset): for a shipped
// preset it carries them all, in 20 characters (`K7QM-3XPA-9D2F-T1BC-04RZ`); a custom config
// travels as a small recipe file, and its 12-character code names the recipe by hash. Crockford
// base32 (no I, L, O, U; typed in any case, I and L read as 1, O as 0, dashes and spaces
// ignored) with a 10-bit checksum, so a typo is caught, not silently turned into other data.
import { contentIdentity, type GeneratorConfig } from './config.ts';

/** Shipped presets by code number. Append only: a number never changes meaning. */
export const CLASS_PRESETS = [
  'base',
  'emulated',
  'emulated-5s',
  'emulated-30s',
  'quality-injection',
  'scaling',
  'small',
  'world',
  'late-data',
] as const;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VERSION = 1n;
/** Starts are stored in 5-second steps from here (2020-01-01T00:00:00Z). */
const START_BASE_S = 1_577_836_800;
const START_STEP_S = 5;

export interface PresetCode {
  kind: 'preset';
  preset: string;
  /** 8 bits of the preset's content identity, to catch a preset that differs between versions. */
  fingerprint: number;
  seed: number;
  startSeconds: number;
  companyOffset: number;
}

export interface RecipeCode {
  kind: 'recipe';
  /** 45 bits of the recipe's hash, as 12 hex digits. */
  hash: string;
}

export type ClassCode = PresetCode | RecipeCode;

/** 32-bit FNV-1a of a string's UTF-16 code units: small, and the same in every room. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A 45-bit hash of a recipe's text (two FNV-1a variants), as 12 hex digits. */
export function recipeHash(text: string): string {
  const a = BigInt(fnv1a(text));
  const b = BigInt(fnv1a(`recipe:${text}`)) & 0x1fffn;
  return ((a << 13n) | b).toString(16).padStart(12, '0');
}

function checksum(payload: bigint, bits: number): bigint {
  return BigInt(fnv1a(`${bits}:${payload.toString(36)}`) >>> 22);
}

function toSymbols(value: bigint, count: number): string {
  let out = '';
  for (let i = count - 1; i >= 0; i--) out += ALPHABET[Number((value >> BigInt(5 * i)) & 31n)];
  return out.match(/.{1,4}/g)?.join('-') ?? out;
}

/** Why a class code cannot carry this epoch (then a recipe file does), or undefined. */
export function presetCodeProblem(code: Omit<PresetCode, 'kind'>): string | undefined {
  if (!(CLASS_PRESETS as readonly string[]).includes(code.preset))
    return `${code.preset} is not a shipped preset`;
  const steps = (code.startSeconds - START_BASE_S) / START_STEP_S;
  if (!Number.isInteger(steps) || steps < 0 || steps >= 2 ** 29)
    return 'the dataset starts off the 5-second grid or outside 2020-2105';
  if (!Number.isInteger(code.companyOffset) || code.companyOffset < 0 || code.companyOffset >= 4096)
    return 'the epoch follows more than 4,095 companies of earlier epochs';
  if (!Number.isInteger(code.seed) || code.seed < 0 || code.seed >= 2 ** 32)
    return 'the seed is not a 32-bit number';
  return undefined;
}

export function formatClassCode(code: ClassCode): string {
  if (code.kind === 'recipe') {
    // version 2 | kind 1 | hash 45 | checksum 10 = 58 bits, padded to 60: 12 symbols
    const payload = (VERSION << 46n) | (1n << 45n) | BigInt(`0x${code.hash}`);
    return toSymbols(((payload << 10n) | checksum(payload, 48)) << 2n, 12);
  }
  const problem = presetCodeProblem(code);
  if (problem) throw new RangeError(`no class code for this dataset: ${problem}`);
  // version 2 | kind 1 | preset 5 | fingerprint 8 | seed 32 | start 29 | offset 12 = 89 bits,
  // then checksum 10 = 99 bits, padded to 100: 20 symbols
  const preset = BigInt(CLASS_PRESETS.indexOf(code.preset as (typeof CLASS_PRESETS)[number]));
  let payload = VERSION;
  payload = (payload << 1n) | 0n;
  payload = (payload << 5n) | preset;
  payload = (payload << 8n) | BigInt(code.fingerprint & 0xff);
  payload = (payload << 32n) | BigInt(code.seed);
  payload = (payload << 29n) | BigInt((code.startSeconds - START_BASE_S) / START_STEP_S);
  payload = (payload << 12n) | BigInt(code.companyOffset);
  return toSymbols(((payload << 10n) | checksum(payload, 89)) << 1n, 20);
}

/** Reads a code as people type it; says what is wrong when it is not one. */
export function parseClassCode(
  text: string,
): { ok: true; code: ClassCode } | { ok: false; message: string } {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]*$/.test(clean))
    return { ok: false, message: `a class code has only letters and digits (got "${text}")` };
  if (clean.length !== 12 && clean.length !== 20)
    return {
      ok: false,
      message: `a class code has 20 characters (12 for a recipe); this one has ${clean.length}`,
    };
  let value = 0n;
  for (const ch of clean) value = (value << 5n) | BigInt(ALPHABET.indexOf(ch));
  const typo = {
    ok: false as const,
    message: `${text} is not a valid class code: check it for a typo`,
  };
  if (clean.length === 12) {
    const bits = value >> 2n;
    const payload = bits >> 10n;
    if (
      (bits & 0x3ffn) !== checksum(payload, 48) ||
      payload >> 46n !== VERSION ||
      ((payload >> 45n) & 1n) !== 1n
    )
      return typo;
    return {
      ok: true,
      code: { kind: 'recipe', hash: (payload & ((1n << 45n) - 1n)).toString(16).padStart(12, '0') },
    };
  }
  const bits = value >> 1n;
  let payload = bits >> 10n;
  if ((bits & 0x3ffn) !== checksum(payload, 89)) return typo;
  const take = (n: number) => {
    const v = payload & ((1n << BigInt(n)) - 1n);
    payload >>= BigInt(n);
    return Number(v);
  };
  const companyOffset = take(12);
  const startSeconds = START_BASE_S + take(29) * START_STEP_S;
  const seed = take(32);
  const fingerprint = take(8);
  const preset = CLASS_PRESETS[take(5)];
  const kind = take(1);
  if (BigInt(take(2)) !== VERSION || kind !== 0) return typo;
  if (!preset)
    return {
      ok: false,
      message: `${text} names a preset this version does not have: update the app`,
    };
  return {
    ok: true,
    code: { kind: 'preset', preset, fingerprint, seed, startSeconds, companyOffset },
  };
}

/** 8 bits of a config's content identity: the same preset file makes the same fingerprint. */
export function configFingerprint(config: GeneratorConfig): number {
  return fnv1a(contentIdentity(config)) & 0xff;
}
