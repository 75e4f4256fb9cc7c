// Figures of the streaming pipeline from what it wrote (lake/_pipeline/metrics.jsonl) and the
// batch metas: freshness per layer, and bronze's own rate from Spark's progress reports.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Metric {
  kind: string;
  at: number;
  layer?: string;
  batch_ids?: string[];
  query?: string;
  rows_in?: number;
  duration_ms?: number | null;
}

/** What the pipeline has written so far (nothing before its first report). */
export function readMetrics(data: string): Metric[] {
  const file = join(data, 'lake', '_pipeline', 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Metric];
      } catch {
        return [];
      }
    });
}

/** The lines the generator wrote (record_count of every batch). */
export function totalLines(data: string): number {
  const root = join(data, 'raw', 'events');
  let n = 0;
  for (const id of readdirSync(root))
    n += JSON.parse(readFileSync(join(root, id, 'batch_meta.json'), 'utf8')).record_count;
  return n;
}

/** Each batch's interval end, in seconds since the epoch. */
export function intervalEnds(data: string): Map<string, number> {
  const ends = new Map<string, number>();
  const root = join(data, 'raw', 'events');
  for (const id of readdirSync(root)) {
    try {
      const meta = JSON.parse(readFileSync(join(root, id, 'batch_meta.json'), 'utf8'));
      ends.set(id, Date.parse(meta.interval_end) / 1000);
    } catch {
      // a batch still being written
    }
  }
  return ends;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
  Number.NaN;

/**
 * Seconds from each batch's interval closing to its arrival in each layer (gold_final: its
 * gold rows final), p50 and p95, over the batches that closed after `since` (steady state).
 */
export function freshness(data: string, since: number) {
  const ends = intervalEnds(data);
  const arrived = new Map<string, Map<string, number>>();
  for (const m of readMetrics(data)) {
    if (m.kind !== 'arrived' || !m.layer) continue;
    const layer = arrived.get(m.layer) ?? new Map<string, number>();
    arrived.set(m.layer, layer);
    for (const id of m.batch_ids ?? []) if (!layer.has(id)) layer.set(id, m.at);
  }
  const out: Record<string, { n: number; p50: number; p95: number }> = {};
  for (const layer of ['bronze', 'silver', 'gold', 'gold_final']) {
    const delays = [...(arrived.get(layer) ?? new Map<string, number>())]
      .filter(([id]) => (ends.get(id) ?? 0) > since)
      .map(([id, at]) => at - (ends.get(id) as number))
      .sort((a, b) => a - b);
    out[layer] = { n: delays.length, p50: pct(delays, 50), p95: pct(delays, 95) };
  }
  return out;
}

/** Bronze's rows over the time its micro-batches with rows took (Spark's progress reports). */
export function bronzeRate(data: string): { rows: number; seconds: number; perSecond: number } {
  let rows = 0;
  let ms = 0;
  for (const m of readMetrics(data))
    if (m.kind === 'progress' && m.query === 'bronze' && (m.rows_in ?? 0) > 0) {
      rows += m.rows_in ?? 0;
      ms += m.duration_ms ?? 0;
    }
  return { rows, seconds: ms / 1000, perSecond: rows / (ms / 1000) };
}
