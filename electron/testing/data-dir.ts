// What a data folder holds, read straight from disk, to compare with what the API reports.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ids of the committed driver batches, oldest first (none before the folder exists). */
export function committedBatchIds(dir: string): string[] {
  const events = join(dir, 'raw', 'events');
  if (!existsSync(events)) return [];
  return readdirSync(events)
    .filter((name) => !name.startsWith('.'))
    .sort();
}

/** The committed driver batches, oldest first: id, batch_meta.json and line count. */
export function batchesOnDisk(dir: string) {
  const events = join(dir, 'raw', 'events');
  return readdirSync(events)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((id) => {
      const meta = JSON.parse(readFileSync(join(events, id, 'batch_meta.json'), 'utf8'));
      const lines = readFileSync(join(events, id, 'events.jsonl'), 'utf8').split('\n').length - 1;
      return { id, meta, lines };
    });
}
