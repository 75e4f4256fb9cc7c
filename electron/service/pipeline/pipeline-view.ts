// What the streaming pipeline (docker/spark/jobs/pipeline.py) has done, from the metrics it
// appends to lake/_pipeline/metrics.jsonl: each query's latest progress, rows per layer, each
// rule's catches next to what the generator injected in the same batches, and per generator
// batch the seconds from its interval closing to its rows reaching bronze, silver and gold, and
// the late arrivals (late-tally.ts) next to the generator's _late.jsonl ledgers.
// The file is read incrementally (only what was appended since the last look).
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFECT_KINDS, LIFECYCLE_DEFECT_KINDS } from '../../../shared/defect-kinds.ts';
import type { PipelineView } from '../../../shared/pipeline.ts';
import { dataPaths } from '../store/paths.ts';
import { type LateRecord, LateTally } from './late-tally.ts';

const LAYERS = ['bronze', 'silver', 'gold'] as const;
/** Where a batch can arrive: a layer, or gold_final (its gold rows final: the watermark passed). */
const ARRIVALS = [...LAYERS, 'gold_final'] as const;
type Layer = (typeof ARRIVALS)[number];
const RECENT_BATCHES = 20;
/** Freshness percentiles are over this many of the newest batches that reached a layer. */
export const FRESHNESS_BATCHES = 30;
/** Without progress for this long, the pipeline is taken as stopped (it reports every trigger). */
const QUIET_SECONDS = 30;

interface MetricRecord extends LateRecord {
  kind: string;
  at: number;
  layer?: Layer;
  batch_ids?: string[];
  micro_batch?: number;
  query?: string;
  counts?: Record<string, number>;
  rows_in?: number;
  input_rate?: number | null;
  processed_rate?: number | null;
  duration_ms?: number | null;
  watermark?: string | null;
  dropped_by_watermark?: number;
}

interface BatchFacts {
  closedAt: number;
  records: number;
  events: number;
  issues: Record<string, number>;
  /** Lines of its late-arrival ledger (_late.jsonl; none without late arrivals). */
  late: number;
}

const NO_FACTS: BatchFacts = { closedAt: 0, records: 0, events: 0, issues: {}, late: 0 };

/** Lines of a batch's _late.jsonl (0 when it has none). */
function ledgerLines(batchDir: string): number {
  try {
    const text = readFileSync(join(batchDir, '_late.jsonl'), 'utf8');
    return text.split('\n').filter((l) => l.trim()).length;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? null;
}

export class PipelineMetrics {
  private offset = 0;
  private pending = '';
  private readonly arrived: Record<Layer, Map<string, number>> = {
    bronze: new Map(),
    silver: new Map(),
    gold: new Map(),
    gold_final: new Map(),
  };
  /** Rule counts per silver micro-batch (a replay after a crash overwrites, never adds). */
  private readonly rules = new Map<number, Record<string, number>>();
  private readonly progress = new Map<string, MetricRecord>();
  private readonly dropped = new Map<string, number>();
  private readonly facts = new Map<string, BatchFacts | null>();
  private readonly late = new LateTally();
  private lastAt: number | null = null;
  private stopped = true;

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(dataPaths(this.dataDir).lake, '_pipeline', 'metrics.jsonl');
  }

  /** The metrics file's size now (0 when there is none): a cheap "has it changed?" */
  size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** Reads what was appended since the last call (from the start again if the file was replaced). */
  private refresh(): void {
    if (!existsSync(this.file)) return;
    const size = statSync(this.file).size;
    if (size < this.offset) this.reset();
    if (size === this.offset) return;
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.pending + buffer.toString('utf8');
      const lines = text.split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.add(JSON.parse(line) as MetricRecord);
        } catch {
          // A line the pipeline did not finish (a kill mid-write): skipped.
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  private reset(): void {
    this.offset = 0;
    this.pending = '';
    for (const layer of ARRIVALS) this.arrived[layer].clear();
    this.rules.clear();
    this.progress.clear();
    this.dropped.clear();
    this.late.reset();
    this.lastAt = null;
    this.stopped = true;
  }

  private add(r: MetricRecord): void {
    this.lastAt = r.at;
    this.late.add(r);
    if (r.kind === 'started') this.stopped = false;
    else if (r.kind === 'stopped') this.stopped = true;
    else if (r.kind === 'arrived' && r.layer && this.arrived[r.layer]) {
      for (const id of r.batch_ids ?? [])
        if (!this.arrived[r.layer].has(id)) this.arrived[r.layer].set(id, r.at);
    } else if (r.kind === 'rules' && r.micro_batch !== undefined && r.counts) {
      this.rules.set(r.micro_batch, r.counts);
    } else if (r.kind === 'progress' && r.query) {
      this.progress.set(r.query, r);
      if (r.dropped_by_watermark)
        this.dropped.set(r.query, (this.dropped.get(r.query) ?? 0) + r.dropped_by_watermark);
    }
  }

  /** batch_meta.json facts of a generator batch (cached; null when it is gone). */
  private batch(id: string): BatchFacts | null {
    if (!this.facts.has(id)) {
      try {
        const dir = join(dataPaths(this.dataDir).events, id);
        const meta = JSON.parse(readFileSync(join(dir, 'batch_meta.json'), 'utf8'));
        this.facts.set(id, {
          closedAt: Date.parse(meta.interval_end) / 1000,
          records: meta.record_count,
          events: meta.event_count,
          issues: meta.issues ?? {},
          late: ledgerLines(dir),
        });
      } catch {
        this.facts.set(id, null);
      }
    }
    return this.facts.get(id) ?? null;
  }

  view(nowSeconds = Date.now() / 1000): PipelineView {
    this.refresh();
    const sum = (layer: Layer, pick: (f: BatchFacts) => number) => {
      let n = 0;
      for (const id of this.arrived[layer].keys()) n += pick(this.batch(id) ?? NO_FACTS);
      return n;
    };
    /** Seconds from `id`'s interval closing to its arrival in `layer`, if it has arrived. */
    const delay = (layer: Layer, id: string) => {
      const at = this.arrived[layer].get(id);
      const f = this.batch(id);
      return at === undefined || !f ? null : Math.max(0, at - f.closedAt);
    };
    // Over the newest batches: how fresh the pipeline is now, not the backlog it started with.
    const freshness = (layer: Layer) => {
      const delays = [...this.arrived[layer].keys()]
        .sort()
        .slice(-FRESHNESS_BATCHES)
        .map((id) => delay(layer, id))
        .filter((d): d is number => d !== null)
        .sort((a, b) => a - b);
      return {
        batches: delays.length,
        p50_s: percentile(delays, 50),
        p95_s: percentile(delays, 95),
      };
    };
    const caught: Record<string, number> = {};
    for (const counts of this.rules.values())
      for (const [rule, n] of Object.entries(counts)) caught[rule] = (caught[rule] ?? 0) + n;
    const injected: Record<string, number> = {};
    for (const id of this.arrived.silver.keys())
      for (const [kind, n] of Object.entries(this.batch(id)?.issues ?? {}))
        injected[kind] = (injected[kind] ?? 0) + n;
    const query = (name: (typeof LAYERS)[number]) => {
      const p = this.progress.get(name);
      return {
        micro_batch: p?.micro_batch ?? null,
        input_rate: p?.input_rate ?? null,
        processed_rate: p?.processed_rate ?? null,
        duration_ms: p?.duration_ms ?? null,
        watermark: p?.watermark ?? null,
        dropped_by_watermark: this.dropped.get(name) ?? 0,
      };
    };
    const ids = [...this.arrived.bronze.keys()].sort().slice(-RECENT_BATCHES).reverse();
    return {
      running: !this.stopped && this.lastAt !== null && nowSeconds - this.lastAt < QUIET_SECONDS,
      updated_at: this.lastAt === null ? null : new Date(this.lastAt * 1000).toISOString(),
      layers: {
        bronze: {
          rows: sum('bronze', (f) => f.records),
          batches: this.arrived.bronze.size,
          ...query('bronze'),
          freshness: freshness('bronze'),
          final: null,
        },
        silver: {
          rows: sum('silver', (f) => f.events),
          batches: this.arrived.silver.size,
          ...query('silver'),
          freshness: freshness('silver'),
          final: null,
        },
        gold: {
          rows: null,
          batches: this.arrived.gold.size,
          ...query('gold'),
          freshness: freshness('gold'),
          final: freshness('gold_final'),
        },
      },
      quarantine: { rows: Object.values(caught).reduce((a, b) => a + b, 0) - (caught.passed ?? 0) },
      late: this.late.view(sum('silver', (f) => f.late)),
      rules: [
        ...DEFECT_KINDS,
        // The lifecycle's kinds only where a dataset has them (a preset with `lifecycle`).
        ...LIFECYCLE_DEFECT_KINDS.filter((kind) => caught[kind] || injected[kind]),
      ].map((kind) => ({
        rule: kind,
        caught: caught[kind] ?? 0,
        injected: injected[kind] ?? 0,
      })),
      batches: ids.map((id) => ({
        batch_id: id,
        events: this.batch(id)?.events ?? null,
        bronze_s: delay('bronze', id),
        silver_s: delay('silver', id),
        gold_s: delay('gold', id),
        gold_final_s: delay('gold_final', id),
      })),
    };
  }
}
