// What a dataset's baseline lacks on disk: companies.jsonl, or any committed driver batch.
// Resume reports it (auto_reinit.missing_files), health shows it, and backfill needs both
// missing (a clean data folder).
import { existsSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import type { DataPaths } from './store/paths.ts';

export function missingBaseline(paths: DataPaths): string[] {
  const shown = (path: string) => relative(process.cwd(), path) || path;
  const missing: string[] = [];
  if (!existsSync(paths.companies)) missing.push(shown(paths.companies));
  if (!existsSync(paths.events) || readdirSync(paths.events).every((n) => n.startsWith('.')))
    missing.push(shown(paths.events));
  return missing;
}
