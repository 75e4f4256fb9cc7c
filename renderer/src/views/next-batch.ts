// When the generator's next driver batch is due: a batch is made once its interval closes, so
// the next one follows the newest interval's end by one interval. The interval is the
// emulated config's, or the newest batch's own length (production presets). Unknown while
// paused, backfilling, or before the first batch. The newest batch comes on the stream with
// each batch; the health report's end may be older than it.
import type { BatchMeta, Health } from '../../../shared/api.ts';

export function nextBatchAt(health: Health | null, newest: BatchMeta | undefined): number | null {
  if (health?.status !== 'running' || health.backfill?.running) return null;
  const ends = [health.driver_generator?.last_interval_end, newest?.interval_end]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t));
  if (ends.length === 0) return null;
  const seconds =
    health.emulated_config?.driver_interval_seconds ??
    (newest ? (Date.parse(newest.interval_end) - Date.parse(newest.interval_start)) / 1000 : null);
  if (!seconds || !(seconds > 0)) return null;
  return Math.max(...ends) + seconds * 1000;
}

/** "in 4 s", "in 12 min 5 s", "in 1 h 3 min"; "due now" once the time has come. */
export function countdown(dueMs: number, nowMs: number): string {
  const left = Math.ceil((dueMs - nowMs) / 1000);
  if (left <= 0) return 'due now';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  if (h > 0) return `in ${h} h ${m} min`;
  if (m > 0) return `in ${m} min ${s} s`;
  return `in ${s} s`;
}
