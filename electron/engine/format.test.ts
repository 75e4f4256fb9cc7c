import { describe, expect, it } from 'vitest';
import { companyId } from './companies.ts';
import { batchIdOf, isoSeconds, parseBatchId, TimestampWriter, uuidString } from './format.ts';
import { Stream, stream } from './random.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuids', () => {
  it('are version-4 formatted and keep 122 random bits', () => {
    const seen = new Set<string>();
    const bitsSet = new Array(128).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const id = uuidString(stream(1, Stream.company, 0, i));
      expect(id).toMatch(UUID_V4);
      seen.add(id);
      const hex = id.replaceAll('-', '');
      for (let b = 0; b < 128; b++) {
        if ((Number.parseInt(hex[b >> 2] as string, 16) >> (3 - (b & 3))) & 1) bitsSet[b]++;
      }
    }
    expect(seen.size).toBe(20_000);
    // Version (bits 48-51 = 0100) and variant (bits 64-65 = 10) are fixed; every other bit varies.
    const fixed = bitsSet.flatMap((count, b) => (count === 0 || count === 20_000 ? [b] : []));
    expect(fixed).toEqual([48, 49, 50, 51, 64, 65]);
  });

  it('pins the first company id of seed 42 (a format break if it changes)', () => {
    expect(companyId(42, 0)).toBe('4ae0dc3d-0057-4009-a020-3f6e0863995b');
  });
});

describe('TimestampWriter', () => {
  it('formats like Date.toISOString across days, months and leap years', () => {
    const writer = new TimestampWriter();
    const buf = new Uint8Array(24);
    const rng = stream(3, Stream.driver, 0, 0);
    const from = Date.UTC(1999, 11, 31);
    const span = Date.UTC(2031, 0, 1) - from;
    for (let i = 0; i < 20_000; i++) {
      const ms = from + Math.floor(rng.nextDouble() * span);
      writer.write(buf, 0, ms);
      expect(new TextDecoder().decode(buf)).toBe(new Date(ms).toISOString());
    }
    for (const ms of [Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 2, 1), 0]) {
      writer.write(buf, 0, ms);
      expect(new TextDecoder().decode(buf)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('batch ids', () => {
  it('name the interval start in UTC and parse back', () => {
    const start = Date.UTC(2024, 0, 1, 12, 15) / 1000;
    expect(batchIdOf(start)).toBe('20240101T121500Z');
    expect(isoSeconds(start)).toBe('2024-01-01T12:15:00Z');
    expect(parseBatchId('20240101T121500Z')).toBe(start);
    expect(parseBatchId('20241301T000000Z')).toBeUndefined();
    expect(parseBatchId('.tmp-20240101T121500Z-ab12')).toBeUndefined();
  });
});
