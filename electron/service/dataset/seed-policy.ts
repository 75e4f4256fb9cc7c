// Which seed a dataset gets, in one place: `--seed`, then the config's `seed`, then the one
// stored with the dataset, then a fresh one (which is then stored in seed_manifest.json).
import { randomInt } from 'node:crypto';
import { SEED_LIMIT } from '../../../shared/config.ts';

export interface SeedSources {
  override?: number | undefined;
  config?: number | undefined;
  stored?: number | undefined;
}

/** The seed asked for explicitly (`--seed`, then the config), if any. */
export function declaredSeed(sources: SeedSources): number | undefined {
  return sources.override ?? sources.config;
}

export function datasetSeed(sources: SeedSources): number {
  return declaredSeed(sources) ?? sources.stored ?? randomInt(0, SEED_LIMIT);
}
