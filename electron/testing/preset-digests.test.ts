// Every shipped preset still generates the bytes recorded in preset-digests.json (measured before
// regions, lifecycle and late arrivals were added: those are off unless a config asks for them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGEST_RANGES, DIGESTS_FILE, presetDigest } from './preset-digests.ts';
import { REPO_ROOT } from './presets.ts';

const recorded = JSON.parse(readFileSync(DIGESTS_FILE, 'utf8')) as Record<
  string,
  { sha256: string; files: number; from: string; to: string }
>;

describe('shipped presets are byte-identical to their recorded digests', () => {
  it('records every preset with its range', () => {
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(DIGEST_RANGES).sort());
    for (const [preset, range] of Object.entries(DIGEST_RANGES)) {
      expect([recorded[preset]?.from, recorded[preset]?.to]).toEqual(range);
    }
  });

  it('digests every shipped preset (a new one is recorded when it is added)', () => {
    const shipped = readdirSync(join(REPO_ROOT, 'presets'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(Object.keys(DIGEST_RANGES).sort()).toEqual(shipped.sort());
  });

  for (const preset of Object.keys(DIGEST_RANGES)) {
    it(preset, async () => {
      const now = await presetDigest(preset);
      expect(now.files).toBe(recorded[preset]?.files);
      expect(now.sha256).toBe(recorded[preset]?.sha256);
    });
  }
});
