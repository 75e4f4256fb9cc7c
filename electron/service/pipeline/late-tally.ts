// Late arrivals through the streaming pipeline (issue 19), from the records pipeline.py appends
// to lake/_pipeline/metrics.jsonl: how many reached silver (valid rows stamped before their
// batch's interval), how many gold counted in their true interval, and how many gold's
// watermark dropped. Every record is absolute or keyed by micro-batch, so a micro-batch
// replayed after a crash is not counted twice.
import type { PipelineView } from '../../../shared/pipeline.ts';

export interface LateRecord {
  kind: string;
  micro_batch?: number;
  query?: string;
  query_id?: string | null;
  /** rules (silver): late rows this micro-batch passed into silver. */
  late?: number;
  /** progress (gold, with late arrivals): late rows gold's aggregation took in (observed). */
  late_in?: number;
  /** gold_late: each changed group's late rows so far ("<company_id> <batch_id>": n). */
  groups?: Record<string, number>;
  /** watermark: gold's delay and the generator's max lateness, in seconds. */
  delay_seconds?: number;
  max_lateness_seconds?: number;
}

/** One gold query (its checkpoint): a new one starts over from silver, so it starts over here. */
interface GoldQuery {
  id: string;
  /** Late rows in, per micro-batch. */
  lateIn: Map<number, number>;
  /** gold_late records not yet matched by their micro-batch's progress. */
  pending: Array<{ microBatch: number; groups: Record<string, number> }>;
  /** Late rows per group, as gold holds them; and their sum. */
  kept: Map<string, number>;
  keptSum: number;
}

export class LateTally {
  /** Per silver micro-batch (a replay overwrites). */
  private readonly arrived = new Map<number, number>();
  private gold: GoldQuery | null = null;
  private watermark: { delay: number; lateness: number } | null = null;

  reset(): void {
    this.arrived.clear();
    this.gold = null;
    this.watermark = null;
  }

  private goldQuery(id: string): GoldQuery {
    if (this.gold?.id !== id)
      this.gold = { id, lateIn: new Map(), pending: [], kept: new Map(), keptSum: 0 };
    return this.gold;
  }

  add(r: LateRecord): void {
    if (r.kind === 'rules' && r.micro_batch !== undefined && typeof r.late === 'number') {
      this.arrived.set(r.micro_batch, r.late);
    } else if (
      r.kind === 'watermark' &&
      r.query === 'gold' &&
      typeof r.delay_seconds === 'number'
    ) {
      this.watermark = { delay: r.delay_seconds, lateness: r.max_lateness_seconds ?? 0 };
    } else if (
      r.kind === 'progress' &&
      r.query === 'gold' &&
      r.query_id &&
      r.micro_batch !== undefined &&
      typeof r.late_in === 'number'
    ) {
      this.goldQuery(r.query_id).lateIn.set(r.micro_batch, r.late_in);
    } else if (r.kind === 'gold_late' && r.query_id && r.micro_batch !== undefined && r.groups) {
      this.goldQuery(r.query_id).pending.push({ microBatch: r.micro_batch, groups: r.groups });
    }
  }

  /**
   * Kept: the late rows gold holds after the newest micro-batch whose progress has arrived (its
   * groups are written just before its progress is reported, so a micro-batch counts once both
   * are in); dropped: the late rows gold took in up to then, minus those it kept.
   */
  private goldCounts(): { kept: number; dropped: number } {
    const gold = this.gold;
    if (!gold || gold.lateIn.size === 0) return { kept: 0, dropped: 0 };
    const newest = Math.max(...gold.lateIn.keys());
    const later: GoldQuery['pending'] = [];
    for (const record of gold.pending) {
      if (record.microBatch > newest) {
        later.push(record);
        continue;
      }
      for (const [group, n] of Object.entries(record.groups)) {
        gold.keptSum += n - (gold.kept.get(group) ?? 0);
        gold.kept.set(group, n);
      }
    }
    gold.pending = later;
    let lateIn = 0;
    for (const n of gold.lateIn.values()) lateIn += n;
    return { kept: gold.keptSum, dropped: Math.max(0, lateIn - gold.keptSum) };
  }

  /** The view's `late`, given the generator's ledger for the batches that reached silver. */
  view(ledger: number): PipelineView['late'] {
    let arrived = 0;
    for (const n of this.arrived.values()) arrived += n;
    const wm = this.watermark;
    return {
      arrived,
      ...this.goldCounts(),
      ledger,
      // Within the lateness the generator allows, no late row can be older than the watermark.
      expected_dropped: wm === null ? null : wm.delay > wm.lateness ? 0 : null,
      watermark_delay_s: wm?.delay ?? null,
      max_lateness_s: wm?.lateness ?? null,
    };
  }
}
