// Two-part exercises and tiered hints: the parts of the course that follow a student through an
// exercise. A streaming exercise with `release: { mid }` is prepared up to mid; Release more data
// writes the rest into the same folder (the engine writes the same bytes as a one-shot range),
// and the student restarts the query from its checkpoint. The hints a student has revealed are
// counted in the exercise's folder, so the count survives a restart and reaches the scorecard.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveIntervals } from '../../../shared/config.ts';
import type { ExerciseSpec } from '../../../shared/exercises.ts';
import { loadPreset } from '../dataset/presets.ts';
import { writeFileAtomic } from '../platform/atomic.ts';

const HINTS_FILE = '.hints.json';

/**
 * Why the exercise's `release.mid` is not on its preset's driver batch grid (so the first part
 * would end inside a batch), or undefined when it is, or when there is no release.
 */
export function releaseProblem(e: ExerciseSpec, presetsDir: string): string | undefined {
  if (!e.release) return undefined;
  const preset = loadPreset(e.preset, presetsDir);
  if (!preset.ok) return `release.mid: preset ${e.preset} is invalid`;
  const step = effectiveIntervals(preset.config).driverSeconds;
  const mid = Date.parse(e.release.mid) / 1000;
  if (Number.isInteger(mid) && mid % step === 0) return undefined;
  const before = new Date(Math.floor(mid / step) * step * 1000).toISOString();
  const after = new Date(Math.ceil(mid / step) * step * 1000).toISOString();
  return `release.mid: ${e.release.mid} is not on preset ${e.preset}'s batch grid (a batch every ${step} s): use ${before.replace('.000Z', 'Z')} or ${after.replace('.000Z', 'Z')}`;
}

/** Where the first part ends (ms): mid for a two-part exercise, else the end of the range. */
export function firstPartEnd(e: ExerciseSpec): number {
  return Date.parse(e.release ? e.release.mid : e.to);
}

/** How many of the exercise's hints the student has revealed (0 when none or unreadable). */
export function hintsRevealed(folder: string, total: number): number {
  try {
    const n = (JSON.parse(readFileSync(join(folder, HINTS_FILE), 'utf8')) as { revealed?: unknown })
      .revealed;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? Math.min(n, total) : 0;
  } catch {
    return 0;
  }
}

/** Counts one more hint revealed (at most `total`) and returns the count. */
export function revealHint(folder: string, total: number): number {
  const revealed = Math.min(total, hintsRevealed(folder, total) + 1);
  mkdirSync(folder, { recursive: true });
  writeFileAtomic(join(folder, HINTS_FILE), `${JSON.stringify({ revealed })}\n`);
  return revealed;
}
