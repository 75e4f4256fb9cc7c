// Seeded random streams. The algorithm is seedrandom's xor128, pinned: `Xor128` reproduces
// `seedrandom.xor128('', {state})` draw for draw (checked in random.test.ts), but is seeded
// with a full 128-bit state straight from the stream key, which costs nanoseconds instead of
// seedrandom's 64 warm-up rounds and avoids the birthday collisions of 32-bit seeds.
// Changing anything here changes every dataset.

/** Named streams; the numbers are part of the dataset format. */
export const Stream = {
  company: 1,
  companyQuality: 2,
  driver: 3,
  driverQuality: 4,
  emulatedEvents: 5,
  emulatedQuality: 6,
  batchSeed: 7,
  // Issue 19, the world (regions.ts, lifecycle.ts): one stream per company or per driver batch.
  companyRegion: 8,
  companyLifecycle: 9,
  afterDeactivation: 10,
  /** Late arrivals (late-arrivals.ts): per driver per source interval, per emulated source batch. */
  driverLate: 11,
  emulatedLate: 12,
} as const;
export type StreamId = (typeof Stream)[keyof typeof Stream];

const TWO_POW_32 = 4294967296;

export class Xor128 {
  x: number;
  y: number;
  z: number;
  w: number;

  constructor(x: number, y: number, z: number, w: number) {
    this.x = x | 0;
    this.y = y | 0;
    this.z = z | 0;
    this.w = w | 0;
  }

  /** Next 32-bit output as a signed integer (seedrandom's `int32()`). */
  nextInt32(): number {
    const t = this.x ^ (this.x << 11);
    this.x = this.y;
    this.y = this.z;
    this.z = this.w;
    this.w ^= (this.w >>> 19) ^ t ^ (t >>> 8);
    return this.w;
  }

  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits (seedrandom's `prng()`). */
  nextFloat(): number {
    return (this.nextInt32() >>> 0) / TWO_POW_32;
  }

  /** Uniform in (0, 1) with 53 bits (seedrandom's `prng.double()`). */
  nextDouble(): number {
    let result: number;
    do {
      const top = this.nextInt32() >>> 11;
      const bottom = (this.nextInt32() >>> 0) / TWO_POW_32;
      result = (top + bottom) / (1 << 21);
    } while (result === 0);
    return result;
  }

  /** Exactly uniform integer in [0, n), for 1 <= n <= 2^32 (rejection removes modulo bias). */
  below(n: number): number {
    if (n > TWO_POW_32) return Math.floor(this.nextDouble() * n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const u = this.nextInt32() >>> 0;
      if (u < limit) return u % n;
    }
  }
}

/**
 * Bijective mix of four 32-bit key words into a 128-bit generator state. Each step is
 * invertible (xor-shift, multiply by an odd constant, add/xor of another word), so distinct
 * keys always give distinct states.
 */
export function mixKey(
  a0: number,
  b0: number,
  c0: number,
  d0: number,
): [number, number, number, number] {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;
  for (let round = 0; round < 4; round++) {
    a = (a + 0x9e3779b9) | 0;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    b = (b + a) | 0;
    b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    c ^= b;
    c = Math.imul(c ^ (c >>> 16), 0x7feb352d);
    d = (d + c) | 0;
    d = Math.imul(d ^ (d >>> 15), 0x846ca68b);
    a ^= d;
  }
  // xor128 must not start from the all-zero state (it would stay there).
  if ((a | b | c | d) === 0) d = 1;
  return [a, b, c, d];
}

/** The random stream for (dataset seed, stream, batch key, entity key). */
export function stream(
  seed: number,
  streamId: StreamId,
  batchKey: number,
  entityKey: number,
): Xor128 {
  const [x, y, z, w] = mixKey(seed, streamId, batchKey, entityKey);
  return new Xor128(x, y, z, w);
}

/** Per-batch seed recorded in batch_meta.json: derived from the dataset seed and the batch start. */
export function batchSeed(seed: number, batchStartSeconds: number): number {
  return stream(seed, Stream.batchSeed, batchStartSeconds, 0).nextUint32();
}
