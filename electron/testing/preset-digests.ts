// Digests of what each shipped preset generates over a fixed range: the proof that a change to
// the engine leaves every existing dataset byte-identical (docs/presets.md, Reproducibility).
// preset-digests.json holds the figures measured before the change; `npm run digests` prints
// today's, and `npm run digests -- --write` records them (only when a change is meant to move them).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawDigest, runCli } from './cli.ts';
import { REPO_ROOT } from './presets.ts';

/** Each shipped preset and the range it is digested over: a day, or a few hundred batches. */
export const DIGEST_RANGES: Readonly<Record<string, readonly [string, string]>> = {
  base: ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'],
  small: ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'],
  'quality-injection': ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'],
  scaling: ['2024-01-01T00:00:00Z', '2024-01-01T00:30:00Z'],
  emulated: ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z'],
  'emulated-5s': ['2024-01-01T00:00:00Z', '2024-01-01T00:30:00Z'],
  'emulated-30s': ['2024-01-01T00:00:00Z', '2024-01-01T02:00:00Z'],
  // Issue 19's presets, recorded when they were added (world: a day of every zone's profile).
  world: ['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'],
  'late-data': ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z'],
};

export const DIGESTS_FILE = join(REPO_ROOT, 'electron', 'testing', 'preset-digests.json');

/** One sha256 over every raw/ file's path and digest, and the number of files. */
export async function presetDigest(preset: string): Promise<{ sha256: string; files: number }> {
  const range = DIGEST_RANGES[preset];
  if (!range) throw new Error(`no digest range for preset ${preset}`);
  const dir = mkdtempSync(join(tmpdir(), `spark-exp-digest-${preset}-`));
  try {
    const run = await runCli([
      'generate',
      '--preset',
      preset,
      '--from',
      range[0],
      '--to',
      range[1],
      '--data-dir',
      dir,
    ]);
    if (run.code !== 0) throw new Error(`generate ${preset} failed: ${run.stderr}`);
    const files = rawDigest(dir);
    const hash = createHash('sha256');
    for (const [path, sha] of files) hash.update(`${path.split('\\').join('/')} ${sha}\n`);
    return { sha256: hash.digest('hex'), files: files.size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
