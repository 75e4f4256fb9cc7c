// The lifecycle in the files: company change records that make an SCD2 dimension, announced by
// the company batch before their interval (none in intervals whose announcer was skipped), drivers silent while their company is inactive (the rest of their
// events exactly as without a lifecycle), and after_deactivation defects after the interval's
// own lines, in the ledger. Any batch alone, in any order, gives the same bytes.
import { describe, expect, it } from 'vitest';
import { batchText, configFrom } from '../testing/presets.ts';
import { WorldMemo } from './batch-world.ts';
import { type CompanyBatchKey, generateCompanyBatch } from './companies.ts';
import { DriverFragments, generateDriverBatch } from './driver-batch.ts';
import { batchStartsIn, type Epoch, epochShape } from './plan.ts';

const JAN1 = Date.UTC(2024, 0, 1) / 1000;
const HOUR = 3600;
const SPAN = 36 * HOUR;
/** Six company batches skipped (a pause): the next one carries their changes. */
const SKIPPED: [number, number] = [JAN1 + 10 * HOUR, JAN1 + 16 * HOUR];

const LIFECYCLE = {
  deactivation_rate: 0.15,
  reactivation_rate: 0.25,
  after_deactivation_rate: 0.4,
};
const FLEET = {
  seed: 11,
  number_of_companies: 12,
  drivers_per_company: 4,
  event_rate_per_driver: 3,
  company_onboarding_interval: 'PT1H',
  companies_per_onboarding: 1,
};

function epochOf(extra: Record<string, unknown>, skipped = [SKIPPED]): Epoch {
  const config = configFrom({ ...FLEET, ...extra });
  return { config, seed: FLEET.seed, startSeconds: JAN1 + 7, companyOffset: 0, skipped };
}

type Row = Record<string, string | boolean | null>;
const rows = (text: string): Row[] =>
  text === ''
    ? []
    : text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));

function companyBatches(epoch: Epoch, memo?: WorldMemo) {
  const keys: CompanyBatchKey[] = [
    { kind: 'initial' },
    ...batchStartsIn(epoch, 'company', epoch.startSeconds, epoch.startSeconds + SPAN).map(
      (startSeconds) => ({ kind: 'onboarding' as const, startSeconds }),
    ),
  ];
  return keys.map((key) => ({ key, result: generateCompanyBatch(epoch, key, memo) }));
}

/** The SCD2 dimension as a student builds it from companies.jsonl. */
function dimension(records: Row[]) {
  const versions = new Map<string, Array<{ active: boolean; from: number; row: Row }>>();
  for (const r of records) {
    const list = versions.get(r.company_id as string) ?? [];
    list.push({ active: r.active as boolean, from: Date.parse(r.effective_at as string), row: r });
    versions.set(r.company_id as string, list);
  }
  const activeAt = (company: string, ms: number) => {
    let active = false;
    for (const v of versions.get(company) ?? []) if (v.from <= ms) active = v.active;
    return active;
  };
  return { versions, activeAt };
}

describe('company change records', () => {
  const epoch = epochOf({
    lifecycle: LIFECYCLE,
    regions: {},
    quality_injection: { enabled: false },
  });
  const batches = companyBatches(epoch);
  const all = batches.flatMap((b) => rows(b.result.text));

  it('give every record the version keys, in order, onboarding first', () => {
    for (const b of batches) {
      const list = rows(b.result.text);
      expect(list).toHaveLength(b.result.lines);
      expect(list.length - b.result.changes).toBe(b.result.companies);
      for (const [i, r] of list.entries()) {
        expect(Object.keys(r)).toEqual([
          'company_id',
          'geography',
          'active',
          'created_at',
          'change',
          'effective_at',
        ]);
        if (i < b.result.companies) {
          expect(r).toMatchObject({
            active: true,
            change: 'onboarded',
            effective_at: r.created_at,
          });
        } else {
          expect(r.change).toBe(r.active ? 'reactivated' : 'deactivated');
        }
      }
      const changes = list
        .slice(b.result.companies)
        .map((r) => Date.parse(r.effective_at as string));
      expect(changes).toEqual([...changes].sort((a, z) => a - z));
    }
  });

  it('make an SCD2 dimension: alternating versions that repeat id, geography and created_at', () => {
    const { versions } = dimension(all);
    expect(versions.size).toBe(12 + batches.length - 1);
    let changes = 0;
    for (const list of versions.values()) {
      expect(list[0]?.row.change).toBe('onboarded');
      for (const [i, v] of list.entries()) {
        expect(v.active).toBe(i % 2 === 0);
        expect(v.row.geography).toBe(list[0]?.row.geography);
        expect(v.row.created_at).toBe(list[0]?.row.created_at);
        if (i > 0) expect(v.from).toBeGreaterThan(list[i - 1]?.from ?? 0);
      }
      changes += list.length - 1;
    }
    expect(changes).toBeGreaterThan(20);
  });

  it('announce each change in the batch before its interval; none where that batch was skipped', () => {
    const shape = epochShape(epoch);
    const onboarding = new Set<number>();
    for (const b of batches) {
      // The initial fleet's batch announces the first company interval.
      const from = b.key.kind === 'initial' ? shape.firstCompanyStart : b.key.startSeconds + HOUR;
      if (b.key.kind === 'onboarding') onboarding.add(b.key.startSeconds);
      for (const r of rows(b.result.text).slice(b.result.companies)) {
        const ms = Date.parse(r.effective_at as string);
        expect(ms).toBeGreaterThanOrEqual(from * 1000);
        expect(ms).toBeLessThan((from + HOUR) * 1000);
      }
    }
    // A company's first change may be announced by its own onboarding batch.
    const own = batches.some((b) => {
      const ids = rows(b.result.text)
        .slice(0, b.result.companies)
        .map((r) => r.company_id);
      return rows(b.result.text)
        .slice(b.result.companies)
        .some((r) => ids.includes(r.company_id));
    });
    expect(own).toBe(true);
    // The hours after the pause up to the first batch after it have no changes; later ones do.
    const effective = all
      .filter((r) => r.change !== 'onboarded')
      .map((r) => Date.parse(r.effective_at as string) / 1000);
    const resumed = Math.min(...[...onboarding].filter((t) => t >= SKIPPED[1]));
    expect(effective.filter((t) => t >= SKIPPED[0] + HOUR && t < resumed + HOUR)).toEqual([]);
    expect(effective.filter((t) => t >= resumed + HOUR).length).toBeGreaterThan(0);
    expect(effective.filter((t) => t < SKIPPED[0]).length).toBeGreaterThan(0);
  });

  it('are the same bytes in any order with a fresh memo, and absent without lifecycle', () => {
    // Regenerate in reverse order on a fresh memo, then compare in time order.
    const fresh = new WorldMemo();
    const again = [...batches]
      .reverse()
      .map((b) => generateCompanyBatch(epoch, b.key, fresh))
      .reverse();
    expect(again.map((r) => r.text)).toEqual(batches.map((b) => b.result.text));
    const off = epochOf({ regions: {}, quality_injection: { enabled: false } });
    for (const b of companyBatches(off)) {
      expect(b.result.changes).toBe(0);
      for (const r of rows(b.result.text)) expect(Object.keys(r)).toHaveLength(4);
    }
  });
});

describe('driver batches with a lifecycle', () => {
  const on = epochOf({ lifecycle: LIFECYCLE });
  const off = epochOf({});
  const { activeAt, versions } = dimension(companyBatches(on).flatMap((b) => rows(b.result.text)));
  const starts = batchStartsIn(on, 'driver', on.startSeconds, on.startSeconds + SPAN);

  it('write no event of an inactive company; the others exactly as without a lifecycle', () => {
    let dropped = 0;
    for (const s of starts) {
      const a = batchText(on, s);
      const b = batchText(off, s);
      const own = a.lines.slice(0, a.lines.length - (a.meta.issues.after_deactivation ?? 0));
      const kept = b.lines.filter((line) => {
        const e = JSON.parse(line);
        return activeAt(e.company_id, Date.parse(e.timestamp));
      });
      expect(own).toEqual(kept);
      dropped += b.lines.length - kept.length;
    }
    expect(dropped).toBeGreaterThan(100);
  });

  it('append after_deactivation lines stamped while their company was inactive, with ledger lines', () => {
    let defects = 0;
    for (const s of starts) {
      const a = batchText(on, s);
      const n = a.meta.issues.after_deactivation ?? -1;
      expect(Object.keys(a.meta.issues).at(-1)).toBe('after_deactivation');
      expect(a.meta.corrupted_count).toBe(n);
      expect(a.meta.event_count).toBe(a.meta.record_count - n);
      expect(a.quality).toHaveLength(n);
      for (const [i, q] of a.quality.entries()) {
        const line = a.lines.length - n + i + 1;
        expect(q).toEqual({
          line,
          event_id: q.event_id,
          issue: 'after_deactivation',
          field: 'timestamp',
        });
        const e = JSON.parse(a.lines[line - 1] ?? '{}');
        expect(e.event_id).toBe(q.event_id);
        const ms = Date.parse(e.timestamp);
        expect(ms).toBeGreaterThanOrEqual(s * 1000);
        expect(ms).toBeLessThan((s + 900) * 1000);
        expect(activeAt(e.company_id, ms)).toBe(false);
        expect(versions.has(e.company_id)).toBe(true);
        expect(Object.keys(e)).toEqual([
          'event_id',
          'driver_id',
          'company_id',
          'truck_id',
          'event_type',
          'timestamp',
        ]);
      }
      defects += n;
    }
    expect(defects).toBeGreaterThan(20);
  });

  it('keep the ledger right with quality defects on, and the same bytes alone in any order', () => {
    const noisy = epochOf({
      lifecycle: LIFECYCLE,
      quality_injection: { enabled: true, error_rate: 0.2 },
    });
    const inOrder = starts.map((s) => batchText(noisy, s));
    const alone = [...starts].reverse().map((s) => {
      const parts: string[] = [];
      const quality: string[] = [];
      const meta = generateDriverBatch(
        noisy,
        s,
        { events: (c) => parts.push(new TextDecoder().decode(c)), quality: (l) => quality.push(l) },
        new DriverFragments(),
      );
      return { meta, text: parts.join(''), quality };
    });
    alone.reverse();
    for (const [i, b] of inOrder.entries()) {
      expect(alone[i]?.text).toBe(b.lines.length ? `${b.lines.join('\n')}\n` : '');
      expect(alone[i]?.meta).toEqual(b.meta);
      const kinds = new Map<string, number>();
      for (const q of b.quality) {
        kinds.set(q.issue, (kinds.get(q.issue) ?? 0) + 1);
        if (q.event_id && q.field !== 'event_id') expect(b.lines[q.line - 1]).toContain(q.event_id);
      }
      for (const [kind, n] of Object.entries(b.meta.issues)) expect(kinds.get(kind) ?? 0).toBe(n);
    }
  });

  it('in emulated mode, drop events of inactive companies and keep some as after_deactivation', () => {
    const emulated = {
      lifecycle: LIFECYCLE,
      emulated_mode: {
        enabled: true,
        company_batch_interval: 'PT1M',
        driver_batch_interval: 'PT10S',
        companies_per_batch: 2,
        events_per_batch_min: 20,
        events_per_batch_max: 40,
      },
    };
    const e = epochOf(emulated, []);
    const plain = epochOf({ ...emulated, lifecycle: undefined }, []);
    const dim = dimension(companyBatchesEmulated(e).flatMap((b) => rows(b.text)));
    let kept = 0;
    let dropped = 0;
    for (const s of batchStartsIn(e, 'driver', e.startSeconds, e.startSeconds + 2 * HOUR)) {
      const a = batchText(e, s);
      const b = batchText(plain, s);
      const n = a.meta.issues.after_deactivation ?? -1;
      const own = a.lines.slice(0, a.lines.length - n);
      const active = (line: string) => {
        const r = JSON.parse(line);
        return dim.activeAt(r.company_id, Date.parse(r.timestamp));
      };
      expect(own).toEqual(b.lines.filter(active));
      const tail = a.lines.slice(a.lines.length - n);
      for (const line of tail) expect(b.lines).toContain(line);
      expect(tail.some(active)).toBe(false);
      kept += n;
      dropped += b.lines.length - own.length;
    }
    expect(dropped).toBeGreaterThan(kept);
    expect(kept).toBeGreaterThan(0);
  });
});

function companyBatchesEmulated(epoch: Epoch) {
  const starts = batchStartsIn(epoch, 'company', epoch.startSeconds, epoch.startSeconds + 2 * HOUR);
  return [
    generateCompanyBatch(epoch, { kind: 'initial' }),
    ...starts.map((startSeconds) =>
      generateCompanyBatch(epoch, { kind: 'onboarding', startSeconds }),
    ),
  ];
}
