// The company lifecycle's changes the dashboard charts per driver batch: the effective_at
// instants of the change records the company batches committed (deactivated, reactivated),
// counted per driver interval. Fed by each company batch's commit, and at start-up from the
// change records in raw/companies.jsonl. Pure: no I/O here.

export type ChangeKind = 'deactivated' | 'reactivated';

export interface ChangeCounts {
  deactivated_count: number;
  reactivated_count: number;
}

/** The most instants kept per kind: the oldest go first (the dashboard shows recent batches). */
const MAX_CHANGES = 50_000;

export class ChangeTally {
  private readonly times: Record<ChangeKind, number[]> = { deactivated: [], reactivated: [] };

  /** Adds committed changes' effective_at instants (ms), in any order. */
  add(changes: Partial<Record<ChangeKind, readonly number[]>>): void {
    for (const kind of ['deactivated', 'reactivated'] as const) {
      const add = changes[kind];
      if (!add || add.length === 0) continue;
      const list = this.times[kind];
      list.push(...add);
      list.sort((a, b) => a - b);
      if (list.length > MAX_CHANGES) list.splice(0, list.length - MAX_CHANGES);
    }
  }

  clear(): void {
    this.times.deactivated = [];
    this.times.reactivated = [];
  }

  /** Changes with effective_at in [fromMs, toMs). */
  count(fromMs: number, toMs: number): ChangeCounts {
    const within = (list: number[]) => lowerBound(list, toMs) - lowerBound(list, fromMs);
    return {
      deactivated_count: within(this.times.deactivated),
      reactivated_count: within(this.times.reactivated),
    };
  }
}

/** The first index whose value is >= `value` in a sorted list. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The change records in companies.jsonl text: lines whose `change` is deactivated or
 * reactivated with a parseable effective_at. Anything else (onboarding records, defective
 * lines) is skipped.
 */
export function changesInText(text: string): Record<ChangeKind, number[]> {
  const found: Record<ChangeKind, number[]> = { deactivated: [], reactivated: [] };
  for (const line of text.split('\n')) {
    // Cheap filter first: most lines are onboarding records.
    if (!line.includes('"change":"deactivated"') && !line.includes('"change":"reactivated"'))
      continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof record !== 'object' || record === null) continue;
    const { change, effective_at } = record as { change?: unknown; effective_at?: unknown };
    if (change !== 'deactivated' && change !== 'reactivated') continue;
    const ms = typeof effective_at === 'string' ? Date.parse(effective_at) : Number.NaN;
    if (Number.isFinite(ms)) found[change].push(ms);
  }
  return found;
}
