import { describe, expect, it } from 'vitest';
import type { GeneratorConfig } from '../../shared/config.ts';
import { configFrom, epochOf, JAN1, presetConfig } from '../testing/presets.ts';
import { shareTolerance } from '../testing/stats.ts';
import { DriverFragments, driverBatchChunks, generateDriverBatch } from './driver-batch.ts';
import { batchIdOf, parseBatchId } from './format.ts';
import {
  arrivalBatch,
  batchExists,
  firstBatchFrom,
  latePlan,
  lateSources,
  previousBatch,
} from './late-arrivals.ts';
import type { Epoch } from './plan.ts';

const LATE = { probability: 0.2, max_intervals: 3, weights: [0.6, 0.3, 0.1] };
const STEP = 900;
const PRODUCTION = {
  seed: 7,
  number_of_companies: 20,
  drivers_per_company: 5,
  event_rate_per_driver: 4,
  company_onboarding_interval: 'PT1H',
  quality_injection: { enabled: true, error_rate: 0.1 },
};

function withLate(config: GeneratorConfig, late = LATE): GeneratorConfig {
  return { ...config, late_arrivals: late };
}

interface LateEntry {
  line: number;
  event_id: string;
  true_batch_id: string;
  intervals_late: number;
}

const shared = new DriverFragments();

function run(epoch: Epoch, start: number, fragments = shared) {
  const parts: string[] = [];
  const quality: Array<{ line: number; issue: string }> = [];
  const late: LateEntry[] = [];
  const decoder = new TextDecoder();
  const meta = generateDriverBatch(
    epoch,
    start,
    {
      events: (chunk) => parts.push(decoder.decode(chunk)),
      quality: (line) => quality.push(JSON.parse(line)),
      late: (line) => late.push(JSON.parse(line)),
    },
    fragments,
  );
  const text = parts.join('');
  const lines = text.length === 0 ? [] : text.slice(0, -1).split('\n');
  return { meta, lines, quality, late, text };
}

/** The valid single-line events of a batch without late arrivals, in order. */
function eligible(epoch: Epoch, start: number): string[] {
  const { lines, quality } = run(epoch, start);
  const defective = new Set(quality.map((q) => q.line));
  // A duplicate's first line is written with its defect, not as a single valid line.
  for (const q of quality) if (q.issue === 'duplicate') defective.add(q.line - 1);
  return lines.filter((_, i) => !defective.has(i + 1));
}

/**
 * Generates the existing batches of [from, from + count*step) with and without late
 * arrivals; returns per source batch what it withheld, and every late row delivered.
 */
function compare(clean: Epoch, late: Epoch, from: number, count: number, step: number) {
  const withheld = new Map<number, string[]>();
  const delivered: Array<{ at: number; row: string; entry: LateEntry }> = [];
  let eligibleTotal = 0;
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = from + i * step;
    if (!batchExists(late, t)) continue;
    const before = eligible(clean, t);
    const after = run(late, t);
    const own = after.lines.slice(0, after.lines.length - (after.meta.late_count ?? 0));
    const ownSet = new Set(own);
    const kept = before.filter((l) => ownSet.has(l));
    const missing = before.filter((l) => !ownSet.has(l));
    // The events written on time keep their order and their bytes.
    const ownValid = own.filter((l) => kept.includes(l));
    if (ownValid.join('\n') !== kept.join('\n')) problems.push(`${t}: own lines reordered`);
    if (missing.length !== after.meta.withheld_count) problems.push(`${t}: withheld_count`);
    if (after.late.length !== after.meta.late_count) problems.push(`${t}: late ledger size`);
    withheld.set(t, missing);
    eligibleTotal += before.length;
    for (const entry of after.late) {
      const row = after.lines[entry.line - 1] as string;
      if (JSON.parse(row).event_id !== entry.event_id) problems.push(`${t}: ledger line`);
      delivered.push({ at: t, row, entry });
    }
  }
  expect(problems).toEqual([]);
  return { withheld, delivered, eligibleTotal };
}

describe('late arrivals: the arithmetic of arrival batches', () => {
  const epoch: Epoch = {
    ...epochOf(withLate(configFrom(PRODUCTION))),
    skipped: [[JAN1 + 5 * STEP + 10, JAN1 + 9 * STEP]],
    endSeconds: JAN1 + 20 * STEP,
  };
  const at = (k: number) => JAN1 + k * STEP;

  it('knows which batches exist: on the grid, not skipped, within the epoch', () => {
    expect([0, 5, 6, 8, 9, 19, 20].map((k) => batchExists(epoch, at(k)))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(batchExists(epoch, at(1) + 1)).toBe(false);
  });

  it('passes the rows of a skipped batch on to the first existing one, none past the end', () => {
    expect(firstBatchFrom(epoch, at(6))).toBe(at(9));
    expect(firstBatchFrom(epoch, at(4))).toBe(at(4));
    expect(previousBatch(epoch, at(9))).toBe(at(5));
    expect(previousBatch(epoch, at(0))).toBeUndefined();
    expect(arrivalBatch(epoch, at(4), 2)).toBe(at(9));
    expect(arrivalBatch(epoch, at(17), 3)).toBeUndefined();
  });

  it('names each source of an arrival batch with the latenesses that arrive there', () => {
    const plan = latePlan(epoch);
    if (!plan) throw new Error('no plan');
    expect(plan.maxLatenessSeconds).toBe(3 * STEP);
    expect(lateSources(epoch, at(4), plan)).toEqual([
      { start: at(1), minIntervals: 3, maxIntervals: 3 },
      { start: at(2), minIntervals: 2, maxIntervals: 2 },
      { start: at(3), minIntervals: 1, maxIntervals: 1 },
    ]);
    // After the skipped stretch [6, 9): every lateness landing in (5, 9] arrives at 9.
    expect(lateSources(epoch, at(9), plan)).toEqual([
      { start: at(3), minIntervals: 3, maxIntervals: 3 },
      { start: at(4), minIntervals: 2, maxIntervals: 3 },
      { start: at(5), minIntervals: 1, maxIntervals: 3 },
    ]);
    expect(lateSources(epoch, at(0), plan)).toEqual([]);
    // Every (source, lateness) lands in exactly one batch.
    for (let s = 0; s < 20; s++) {
      if (!batchExists(epoch, at(s))) continue;
      for (let l = 1; l <= 3; l++) {
        const arrival = arrivalBatch(epoch, at(s), l);
        const hits = [];
        for (let t = s + 1; t < 20; t++) {
          if (!batchExists(epoch, at(t))) continue;
          for (const src of lateSources(epoch, at(t), plan))
            if (src.start === at(s) && l >= src.minIntervals && l <= src.maxIntervals)
              hits.push(at(t));
        }
        expect(hits).toEqual(arrival === undefined ? [] : [arrival]);
      }
    }
  });

  it('is off without the config section', () => {
    const plain = epochOf(configFrom(PRODUCTION));
    expect(latePlan(plain)).toBeUndefined();
    expect(Object.keys(run(plain, JAN1).meta)).not.toContain('late_count');
  });
});

describe('late arrivals: production', () => {
  const clean = epochOf(configFrom(PRODUCTION));
  const late = epochOf(withLate(configFrom(PRODUCTION)));
  const batches = 120;
  const { withheld, delivered, eligibleTotal } = compare(clean, late, JAN1, batches, STEP);

  it('withholds the configured share of valid single-line events, late by k with the weights', () => {
    const total = [...withheld.values()].reduce((n, w) => n + w.length, 0);
    expect(Math.abs(total / eligibleTotal - LATE.probability)).toBeLessThan(
      shareTolerance(LATE.probability, eligibleTotal),
    );
    // Sources whose every lateness arrives within the range.
    const full = delivered.filter(
      (d) => (parseBatchId(d.entry.true_batch_id) as number) < JAN1 + (batches - 3) * STEP,
    );
    const byK = [1, 2, 3].map((k) => full.filter((d) => d.entry.intervals_late === k).length);
    LATE.weights.forEach((p, i) => {
      expect(Math.abs((byK[i] as number) / full.length - p)).toBeLessThan(
        shareTolerance(p, full.length),
      );
    });
  });

  it('never delivers a row more than max_intervals late, and keeps it in its true interval', () => {
    const m = LATE.max_intervals * STEP * 1000;
    for (const { at, row, entry } of delivered) {
      const source = parseBatchId(entry.true_batch_id) as number;
      expect(entry.intervals_late).toBeGreaterThanOrEqual(1);
      expect(entry.intervals_late).toBeLessThanOrEqual(LATE.max_intervals);
      expect(at - source).toBe(entry.intervals_late * STEP);
      const ts = Date.parse(JSON.parse(row).timestamp);
      expect(ts).toBeGreaterThanOrEqual(source * 1000);
      expect(ts).toBeLessThan((source + STEP) * 1000);
      expect(ts).toBeGreaterThanOrEqual(at * 1000 - m);
    }
  });

  it('delivers every withheld event exactly once, after the own lines, oldest source first', () => {
    const seen = new Map<string, number>();
    for (const d of delivered) {
      expect(withheld.get(parseBatchId(d.entry.true_batch_id) as number)).toContain(d.row);
      seen.set(d.row, (seen.get(d.row) ?? 0) + 1);
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    for (const [source, rows] of withheld) {
      if (source >= JAN1 + (batches - 3) * STEP) continue;
      for (const row of rows) expect(seen.get(row)).toBe(1);
    }
    // Within a batch: late rows in source order, each source's rows in their own order.
    for (let i = 1; i < delivered.length; i++) {
      const [a, b] = [delivered[i - 1], delivered[i]];
      if (!a || !b || a.at !== b.at) continue;
      expect(b.entry.line).toBe(a.entry.line + 1);
      expect(b.entry.true_batch_id >= a.entry.true_batch_id).toBe(true);
      if (a.entry.true_batch_id === b.entry.true_batch_id) {
        const rows = withheld.get(parseBatchId(a.entry.true_batch_id) as number) ?? [];
        expect(rows.indexOf(b.row)).toBeGreaterThan(rows.indexOf(a.row));
      }
    }
  });

  it('stamps boundary violations outside [start - M, end)', () => {
    const config = withLate(presetConfig('quality-injection'));
    const epoch = epochOf(config);
    const m = LATE.max_intervals * STEP * 1000;
    let checked = 0;
    for (let b = 0; b < 40; b++) {
      const t = JAN1 + b * STEP;
      const { lines, quality } = run(epoch, t);
      for (const q of quality) {
        if (q.issue !== 'boundary_violation') continue;
        const ts = Date.parse(JSON.parse(lines[q.line - 1] as string).timestamp);
        const before = ts < t * 1000 - m && ts >= t * 1000 - m - STEP * 1000;
        const after = ts >= (t + STEP) * 1000 && ts < (t + 2 * STEP) * 1000;
        expect(before || after).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('late arrivals: skipped stretches and the epoch end', () => {
  it('loses nothing across a skipped (paused) stretch: the next existing batch carries it', () => {
    const skipped: Epoch['skipped'] = [[JAN1 + 6 * STEP, JAN1 + 11 * STEP]];
    const clean = { ...epochOf(configFrom(PRODUCTION)), skipped };
    const late = { ...epochOf(withLate(configFrom(PRODUCTION))), skipped };
    const { withheld, delivered } = compare(clean, late, JAN1, 20, STEP);
    const arrivals = new Map(delivered.map((d) => [d.row, d]));
    let carried = 0;
    for (const [source, rows] of withheld) {
      if (source > JAN1 + 16 * STEP) continue;
      for (const row of rows) {
        const d = arrivals.get(row);
        expect(d, `${batchIdOf(source)}: ${row}`).toBeDefined();
        if (!d) continue;
        // The ledger counts the intervals actually between the true and the arrival batch.
        expect(d.at - source).toBe(d.entry.intervals_late * STEP);
        // Rows due inside the stretch [6, 11) arrive in the first batch after it, 11.
        if (d.at === JAN1 + 11 * STEP) carried++;
        else expect(d.entry.intervals_late).toBeLessThanOrEqual(LATE.max_intervals);
      }
    }
    expect(carried).toBeGreaterThan(0);
    expect(delivered.length).toBe(arrivals.size);
  });

  it('keeps THE RULE in every batch: late rows inside its window, boundary violations outside', () => {
    const skipped: Epoch['skipped'] = [[JAN1 + 6 * STEP, JAN1 + 11 * STEP]];
    const config = withLate(
      configFrom({
        ...PRODUCTION,
        quality_injection: { enabled: true, error_rate: 0.3, boundary_violation_probability: 1 },
      }),
    );
    const epoch = { ...epochOf(config), skipped };
    let lateRows = 0;
    let violations = 0;
    for (let i = 0; i < 16; i++) {
      const t = JAN1 + i * STEP;
      if (t >= JAN1 + 6 * STEP && t < JAN1 + 11 * STEP) continue;
      const { meta, lines, quality, late } = run(epoch, t);
      const window = meta.max_lateness_seconds as number;
      // Right after the stretch the batch carries rows older than max_intervals: its window says so.
      expect(window).toBe(t === JAN1 + 11 * STEP ? 8 * STEP : LATE.max_intervals * STEP);
      const stamp = (line: number) =>
        Date.parse(JSON.parse(lines[line - 1] as string).timestamp) / 1000;
      for (const entry of late) {
        const ts = stamp(entry.line);
        expect(ts).toBeGreaterThanOrEqual(t - window);
        expect(ts).toBeLessThan(t);
        lateRows++;
      }
      for (const q of quality.filter((q) => q.issue === 'boundary_violation')) {
        const ts = stamp(q.line);
        expect(ts < t - window || ts >= t + STEP).toBe(true);
        violations++;
      }
    }
    expect(lateRows).toBeGreaterThan(0);
    expect(violations).toBeGreaterThan(0);
  });

  it('never delivers rows whose arrival lies past the epoch end, and withholds them all the same', () => {
    const config = withLate(configFrom(PRODUCTION));
    const open = epochOf(config);
    const ended = { ...open, endSeconds: JAN1 + 10 * STEP };
    const last = JAN1 + 9 * STEP;
    expect(run(ended, last).text).toBe(run(open, last).text);
    const plan = latePlan(ended);
    if (!plan) throw new Error('no plan');
    expect(arrivalBatch(ended, last, 1)).toBeUndefined();
    expect(run(ended, last).meta.withheld_count).toBeGreaterThan(0);
  });
});

describe('late arrivals: emulated', () => {
  const config = presetConfig('emulated-5s');
  const clean = epochOf(config);
  const late = epochOf(
    withLate(config, { probability: 0.3, max_intervals: 2, weights: [0.5, 0.5] }),
  );

  it('withholds from the drawn lines and delivers each withheld line once', () => {
    const { withheld, delivered, eligibleTotal } = compare(clean, late, JAN1, 600, 5);
    const total = [...withheld.values()].reduce((n, w) => n + w.length, 0);
    expect(Math.abs(total / eligibleTotal - 0.3)).toBeLessThan(shareTolerance(0.3, eligibleTotal));
    const rows = delivered.map((d) => d.row);
    expect(new Set(rows).size).toBe(rows.length);
    const expected = [...withheld.entries()]
      .filter(([s]) => s < JAN1 + 598 * 5)
      .flatMap(([, r]) => r);
    const got = new Set(rows);
    expect(expected.filter((r) => !got.has(r))).toEqual([]);
    expect(delivered.every((d) => d.entry.intervals_late <= 2)).toBe(true);
  });

  it('keeps record_count = lines drawn - withheld + late', () => {
    for (let b = 0; b < 50; b++) {
      const t = JAN1 + 5 * b;
      const before = run(clean, t).meta;
      const after = run(late, t).meta;
      expect(after.record_count).toBe(
        before.record_count - (after.withheld_count ?? 0) + (after.late_count ?? 0),
      );
      expect(after.corrupted_count).toBe(before.corrupted_count);
    }
  });
});

describe('late arrivals: any batch alone, in any order, any chunking', () => {
  const epoch = epochOf(withLate(presetConfig('quality-injection')));
  const starts = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => JAN1 + k * STEP);

  it('writes the same bytes generated alone, in reverse order, or with other chunk sizes', () => {
    const forward = starts.map((t) => run(epoch, t, new DriverFragments()));
    const reverse = [...starts].reverse().map((t) => run(epoch, t, shared));
    reverse.reverse();
    for (const [i, a] of forward.entries()) {
      expect(reverse[i]?.text).toBe(a.text);
      expect(reverse[i]?.late).toEqual(a.late);
    }
    expect(forward.reduce((n, b) => n + (b.meta.late_count ?? 0), 0)).toBeGreaterThan(0);
    const t = starts[5] as number;
    const chunked: string[] = [];
    const decoder = new TextDecoder();
    const it = driverBatchChunks(epoch, t, () => {}, new DriverFragments(), 8 * 1024);
    for (let r = it.next(); !r.done; r = it.next()) chunked.push(decoder.decode(r.value));
    expect(chunked.length).toBeGreaterThan(1);
    expect(chunked.join('')).toBe(forward[5]?.text);
  });
});

describe('late arrivals with regions and the lifecycle', () => {
  for (const [name, step, count] of [
    ['world', STEP, 60],
    ['late-data', 10, 300],
  ] as const) {
    it(`${name}: own lines, then after_deactivation, then late rows; each withheld row arrives once`, () => {
      const config = presetConfig(name);
      const { late_arrivals: _, ...without } = config;
      const late = epochOf(withLate(config));
      const { withheld, delivered } = compare(epochOf(without), late, JAN1, count, step);
      const rows = delivered.map((d) => d.row);
      expect(new Set(rows).size).toBe(rows.length);
      const got = new Set(rows);
      const due = [...withheld.entries()].filter(([s]) => s < JAN1 + (count - 3) * step);
      expect(due.flatMap(([, r]) => r).filter((r) => !got.has(r))).toEqual([]);
      let stray = 0;
      for (let i = 0; i < count; i++) {
        const { meta, quality } = run(late, JAN1 + i * step);
        const own = meta.record_count - (meta.late_count ?? 0);
        for (const q of quality) {
          expect(q.line).toBeLessThanOrEqual(own);
          if (q.issue === 'after_deactivation') stray++;
        }
        if (meta.events_by_region) {
          const byRegion = Object.values(meta.events_by_region).reduce((a, b) => a + b, 0);
          expect(byRegion).toBe(meta.event_count);
        }
      }
      expect(stray).toBeGreaterThan(0);
      expect(delivered.length).toBeGreaterThan(0);
    });
  }
});
