// What the events chart draws, from the recent batches' metas: per batch the valid events, the
// late arrivals among them (late_count), the defective records, and the companies deactivated
// and reactivated in its interval. A series exists only when some batch carries its field (a
// dataset without late arrivals or lifecycle has none), so the chart adds nothing for it.
import type { BatchMeta } from '../../../shared/api.ts';

export interface ChartSeries {
  /** Oldest first. */
  batches: BatchMeta[];
  totals: {
    events: number;
    defective: number;
    late: number;
    deactivated: number;
    reactivated: number;
  };
  hasLate: boolean;
  hasChanges: boolean;
}

/** The newest `limit` batches (the list is newest first), oldest first, with their totals. */
export function chartSeries(newestFirst: readonly BatchMeta[], limit: number): ChartSeries {
  const batches = newestFirst.slice(0, limit).reverse();
  const sum = (f: (b: BatchMeta) => number | undefined) =>
    batches.reduce((n, b) => n + (f(b) ?? 0), 0);
  return {
    batches,
    totals: {
      events: sum((b) => b.event_count),
      defective: sum((b) => b.corrupted_count),
      late: sum((b) => b.late_count),
      deactivated: sum((b) => b.deactivated_count),
      reactivated: sum((b) => b.reactivated_count),
    },
    hasLate: batches.some((b) => b.late_count !== undefined),
    hasChanges: batches.some(
      (b) => b.deactivated_count !== undefined || b.reactivated_count !== undefined,
    ),
  };
}

/** The chart's text alternative: what it shows, with the numbers. */
export function chartLabel(s: ChartSeries, fmt: (n: number) => string): string {
  const parts = [`${fmt(s.totals.events)} events`];
  if (s.hasLate) parts.push(`${fmt(s.totals.late)} of them late arrivals`);
  parts.push(`${fmt(s.totals.defective)} defective`);
  const changes = s.hasChanges
    ? `; companies ${fmt(s.totals.deactivated)} deactivated, ${fmt(s.totals.reactivated)} reactivated`
    : '';
  return `Events per batch over the last ${s.batches.length} batches: ${parts.join(', ')}${changes}`;
}

/** One bar's tooltip. */
export function barTitle(b: BatchMeta): string {
  const parts = [`${b.event_count} events`];
  if (b.late_count !== undefined) parts.push(`${b.late_count} late`);
  parts.push(`${b.corrupted_count} defective`);
  if (b.deactivated_count !== undefined || b.reactivated_count !== undefined)
    parts.push(
      `${b.deactivated_count ?? 0} deactivated`,
      `${b.reactivated_count ?? 0} reactivated`,
    );
  return `${b.batch_id}: ${parts.join(', ')}`;
}
