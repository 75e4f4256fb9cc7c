// The live guarantee of the company lifecycle (issue 19): a pipeline that reads the streams as
// they are committed knows every change before any event it governs. Batches commit after
// their interval closes (at its end; at one tick, in start order, companies first), so every
// change record must be committed before the first driver batch holding an event stamped at or
// after its effective_at, and before every after_deactivation defect it governs. Also in the
// order of a catch-up (start order), and over a pause (a skipped range that ends mid-interval).
import { describe, expect, it } from 'vitest';
import { batchText, JAN1, presetConfig } from '../testing/presets.ts';
import { generateCompanyBatch } from './companies.ts';
import { batchStartsIn, type Epoch, epochShape } from './plan.ts';

interface Committed {
  kind: 'companies' | 'driver';
  start: number;
  end: number;
}

interface Change extends Committed {
  company: string;
  deactivated: boolean;
  effectiveMs: number;
}

interface Driver extends Committed {
  /** Newest timestamp of an event the batch holds (on time, late or after_deactivation), ms. */
  newestMs: number;
  defects: Array<{ company: string; ms: number }>;
}

/** Live: at its end, at one tick by start, companies first. Catch-up: by start, companies first. */
const live = (a: Committed, b: Committed) =>
  a.end - b.end || a.start - b.start || (a.kind === b.kind ? 0 : a.kind === 'companies' ? -1 : 1);
const catchUp = (a: Committed, b: Committed) =>
  a.start - b.start || (a.kind === b.kind ? 0 : a.kind === 'companies' ? -1 : 1);

function world(epoch: Epoch, spanSeconds: number) {
  const shape = epochShape(epoch);
  const to = epoch.startSeconds + spanSeconds;
  const late = epoch.config.late_arrivals;
  const lateMs = late ? late.max_intervals * shape.driverSeconds * 1000 : 0;
  const changes: Change[] = [];
  const companyBatches: Committed[] = [];
  const companyKeys = [
    { key: { kind: 'initial' as const }, start: epoch.startSeconds - 60, end: epoch.startSeconds },
    ...batchStartsIn(epoch, 'company', epoch.startSeconds, to, shape).map((s) => ({
      key: { kind: 'onboarding' as const, startSeconds: s },
      start: s,
      end: s + shape.companySeconds,
    })),
  ];
  for (const { key, start, end } of companyKeys) {
    const batch: Committed = { kind: 'companies', start, end };
    companyBatches.push(batch);
    for (const line of generateCompanyBatch(epoch, key).text.split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as Record<string, unknown>;
      if (r.change !== 'deactivated' && r.change !== 'reactivated') continue;
      changes.push({
        ...batch,
        company: r.company_id as string,
        deactivated: r.change === 'deactivated',
        effectiveMs: Date.parse(r.effective_at as string),
      });
    }
  }
  const drivers: Driver[] = batchStartsIn(epoch, 'driver', epoch.startSeconds, to, shape).map(
    (start) => {
      const end = start + shape.driverSeconds;
      const b = batchText(epoch, start);
      let newestMs = Number.NEGATIVE_INFINITY;
      for (const line of b.lines) {
        let ms = Number.NaN;
        try {
          ms = Date.parse((JSON.parse(line) as { timestamp?: unknown }).timestamp as string);
        } catch {}
        // Boundary violations and malformed timestamps are not events of any instant.
        if (ms >= start * 1000 - lateMs && ms < end * 1000) newestMs = Math.max(newestMs, ms);
      }
      const defects = b.quality
        .filter((q) => q.issue === 'after_deactivation')
        .map((q) => {
          const e = JSON.parse(b.lines[q.line - 1] as string) as Record<string, string>;
          return { company: e.company_id as string, ms: Date.parse(e.timestamp as string) };
        });
      return { kind: 'driver', start, end, newestMs, defects };
    },
  );
  return { changes, companyBatches, drivers };
}

/** What a live consumer got wrong: a change committed after an event it governs. */
function violations(
  { changes, drivers }: ReturnType<typeof world>,
  order: (a: Committed, b: Committed) => number,
): string[] {
  const out: string[] = [];
  const sorted = [...drivers].sort(order);
  for (const c of changes) {
    const first = sorted.find((d) => d.newestMs >= c.effectiveMs);
    if (first && order(first, c) < 0)
      out.push(
        `${c.deactivated ? 'deactivation' : 'reactivation'} at ${new Date(c.effectiveMs).toISOString()} (batch ${c.start}) after driver batch ${first.start}`,
      );
  }
  for (const d of drivers) {
    for (const defect of d.defects) {
      const governing = changes
        .filter((c) => c.company === defect.company && c.effectiveMs <= defect.ms)
        .sort((a, b) => a.effectiveMs - b.effectiveMs)
        .at(-1);
      if (!governing?.deactivated) out.push(`defect at ${defect.ms}: no deactivation before it`);
      else if (order(governing, d) > 0) out.push(`defect at ${defect.ms} before its deactivation`);
    }
  }
  return out;
}

function epoch(preset: string, skipped: Epoch['skipped']): Epoch {
  const config = presetConfig(preset);
  return { config, seed: config.seed ?? 1, startSeconds: JAN1 + 7, companyOffset: 0, skipped };
}

const HOUR = 3600;
const cases = [
  { name: 'world', span: 72 * HOUR, skipped: [] as Epoch['skipped'] },
  // A pause from mid-interval to mid-interval, six company intervals long.
  { name: 'world', span: 72 * HOUR, skipped: [[JAN1 + 20 * HOUR + 420, JAN1 + 26 * HOUR + 1500]] },
  { name: 'late-data', span: HOUR, skipped: [] as Epoch['skipped'] },
  { name: 'late-data', span: HOUR, skipped: [[JAN1 + 1203, JAN1 + 1504]] },
] as const;

describe('change records reach a live pipeline before the events they govern', () => {
  for (const c of cases) {
    const label = `${c.name}${c.skipped.length ? ', over a pause' : ''}`;
    it(label, () => {
      const w = world(epoch(c.name, c.skipped), c.span);
      // Not vacuous: both kinds of change, defects, and events after the changes.
      expect(w.changes.filter((x) => x.deactivated).length).toBeGreaterThan(5);
      expect(w.changes.filter((x) => !x.deactivated).length).toBeGreaterThan(0);
      expect(w.drivers.reduce((n, d) => n + d.defects.length, 0)).toBeGreaterThan(0);
      expect(violations(w, live)).toEqual([]);
      expect(violations(w, catchUp)).toEqual([]);
    });
  }
});
