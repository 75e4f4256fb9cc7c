// What a dataset's baseline lacks on disk: companies.jsonl, or any committed driver batch.
// Resume reports it (auto_reinit.missing_files), health shows it, and backfill needs both
// missing (a clean data folder). Paths are relative to the data folder, with `/`, wherever
// the service was started from.
import { existsSync, readdirSync } from 'node:fs';
import { type DataPaths, dataRelative } from '../store/paths.ts';

export function missingBaseline(paths: DataPaths): string[] {
  const missing: string[] = [];
  if (!existsSync(paths.companies)) missing.push(dataRelative(paths, paths.companies));
  if (!existsSync(paths.events) || readdirSync(paths.events).every((n) => n.startsWith('.')))
    missing.push(dataRelative(paths, paths.events));
  return missing;
}
