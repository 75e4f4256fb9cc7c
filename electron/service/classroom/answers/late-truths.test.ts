// The key of a dataset with late arrivals against the files the generator wrote: each valid
// line (not in _quality.jsonl) counts in the interval of its timestamp, the lateness of each
// late row is the one _late.jsonl records, and the watermark's drops follow their definition.
// Also after a gap (skipped batches pass their late rows on) and for a range that starts late.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli.ts';
import { writeAnswers } from '../answers.ts';

const STEP = 900;
const CONFIG = `name: late-test
description: quality-injection with late arrivals
seed: 7
number_of_companies: 8
drivers_per_company: 4
event_rate_per_driver: 3
company_onboarding_interval: PT30M
driver_event_interval: PT15M
quality_injection:
  enabled: true
  error_rate: 0.1
  boundary_violation_probability: 1
late_arrivals:
  probability: 0.25
  max_intervals: 3
`;

interface Row {
  batch: string;
  batchStart: number;
  company: string;
  driver: string;
  type: string;
  ms: number;
  late: number | undefined;
}

/** The valid rows on disk with their ledgers' lateness, batch by batch. */
function validRows(dir: string, fromId = ''): Row[][] {
  const events = join(dir, 'raw', 'events');
  const out: Row[][] = [];
  for (const id of readdirSync(events)
    .filter((n) => !n.startsWith('.') && n >= fromId)
    .sort()) {
    const folder = join(events, id);
    const ledger = (name: string) =>
      existsSync(join(folder, name))
        ? readFileSync(join(folder, name), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
    const defective = new Set(ledger('_quality.jsonl').map((q) => q.line));
    const late = new Map(ledger('_late.jsonl').map((l) => [l.line, l]));
    const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
    const batchStart = Date.parse(meta.interval_start) / 1000;
    const rows: Row[] = [];
    readFileSync(join(folder, 'events.jsonl'), 'utf8')
      .split('\n')
      .slice(0, -1)
      .forEach((raw, i) => {
        if (defective.has(i + 1)) return;
        const r = JSON.parse(raw);
        const entry = late.get(i + 1);
        if (entry) expect(entry.event_id).toBe(r.event_id);
        rows.push({
          batch: id,
          batchStart,
          company: r.company_id,
          driver: r.driver_id,
          type: r.event_type,
          ms: Date.parse(r.timestamp),
          late: entry ? entry.intervals_late : undefined,
        });
      });
    out.push(rows);
  }
  return out;
}

const idOf = (s: number) => new Date(s * 1000).toISOString().replace(/[-:]|\.000/g, '');
const csvRows = (file: string) => {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = (header ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
};

describe('answer key with late arrivals', () => {
  let dir: string;
  let gap: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'answers-late-'));
    gap = join(dir, 'gap');
    const config = join(dir, 'late.yaml');
    writeFileSync(config, CONFIG);
    const runs: Array<[string, string, string]> = [
      [join(dir, 'data'), '2024-01-01T00:00:00Z', '2024-01-01T08:00:00Z'],
      [gap, '2024-01-01T00:00:00Z', '2024-01-01T02:00:00Z'],
      [gap, '2024-01-01T04:00:00Z', '2024-01-01T06:00:00Z'], // 02:00..04:00 skipped
    ];
    for (const [data, from, to] of runs) {
      const r = await runCli([
        'generate',
        '--config',
        config,
        '--from',
        from,
        '--to',
        to,
        '--data-dir',
        data,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the late arrivals and the watermark’s drops (npm run answers)', async () => {
    const r = await runCli(['answers', '--data-dir', join(dir, 'data'), '--out', join(dir, 'cli')]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'cli', 'summary.json'), 'utf8'));
    const n = (x: number) => x.toLocaleString('en-US');
    expect(r.stdout).toContain(
      `late arrivals: ${n(summary.late_arrivals.late)} of ${n(summary.valid_events)} valid rows (`,
    );
    expect(r.stdout).toContain(
      `dropped by a watermark of: 0 s ${n(summary.watermark.drops[0].rows_dropped)}, 900 s`,
    );
    expect(r.stdout).not.toContain('company dimension');
  });

  for (const [name, folder, from] of [
    ['a whole dataset', () => join(dir, 'data'), undefined],
    ['a range that starts late', () => join(dir, 'data'), '2024-01-01T03:00:00Z'],
    ['a dataset with a gap', () => gap, undefined],
  ] as const) {
    it(`counts each valid row in its true interval: ${name}`, async () => {
      const data = folder();
      const out = join(data, `key-${from ?? 'all'}`);
      const fromS = from === undefined ? undefined : Date.parse(from) / 1000;
      const { summary } = await writeAnswers(data, out, { range: { fromS } });
      const batches = validRows(data, fromS === undefined ? '' : idOf(fromS));
      const rows = batches.flat();
      // The reference: per company and true interval, and per true interval and lateness.
      const gold = new Map<string, { events: number; delivered: number; drivers: Set<string> }>();
      const arrivals = new Map<string, number>();
      let late = 0;
      for (const r of rows) {
        const start = Math.floor(r.ms / (STEP * 1000)) * STEP;
        const l = (r.batchStart - start) / STEP;
        expect(l).toBe(r.late ?? 0); // the ledger's lateness is the timestamp's
        if (l > 0) late++;
        const k = `${r.company}|${idOf(start)}`;
        const g = gold.get(k) ?? { events: 0, delivered: 0, drivers: new Set<string>() };
        g.events++;
        if (r.type === 'delivered') g.delivered++;
        g.drivers.add(r.driver);
        gold.set(k, g);
        arrivals.set(`${idOf(start)}|${l}`, (arrivals.get(`${idOf(start)}|${l}`) ?? 0) + 1);
      }
      expect(late).toBeGreaterThan(50);
      const keyGold = csvRows(join(out, 'gold.csv'));
      expect(keyGold.length).toBe(gold.size);
      for (const g of keyGold) {
        const want = gold.get(`${g.company_id}|${g.batch_id}`);
        expect(want, `${g.company_id} ${g.batch_id}`).toBeDefined();
        expect([Number(g.events), Number(g.delivered), Number(g.active_drivers)]).toEqual([
          want?.events,
          want?.delivered,
          want?.drivers.size,
        ]);
        expect(Date.parse(g.interval_end ?? '') - Date.parse(g.interval_start ?? '')).toBe(
          STEP * 1000,
        );
      }
      // Intervals in order, companies by id within each.
      const order = keyGold.map((g) => `${g.batch_id}|${g.company_id}`);
      expect(order).toEqual([...order].sort());
      const keyArrivals = csvRows(join(out, 'late_arrivals.csv'));
      expect(
        new Map(
          keyArrivals.map((a) => [`${a.true_batch_id}|${a.intervals_late}`, Number(a.events)]),
        ),
      ).toEqual(arrivals);
      expect(summary.late_arrivals?.late).toBe(late);
      expect((summary.late_arrivals?.on_time ?? 0) + late).toBe(summary.valid_events);
      expect(summary.gold.events).toBe(summary.valid_events);
      // M: max_intervals intervals, more in the batch right after a gap (its batch_meta's).
      const windows = readdirSync(join(data, 'raw', 'events'))
        .filter((id) => !id.startsWith('.') && id >= (fromS === undefined ? '' : idOf(fromS)))
        .map((id) =>
          JSON.parse(readFileSync(join(data, 'raw', 'events', id, 'batch_meta.json'), 'utf8')),
        )
        .map((meta) => meta.max_lateness_seconds as number);
      expect(summary.late_arrivals?.max_lateness_seconds).toBe(Math.max(...windows));
      expect(Math.max(...windows) > 3 * STEP).toBe(name === 'a dataset with a gap');

      // Watermark drops by their definition, on the rows batch by batch.
      const dropped = (delayS: number) => {
        let max = Number.NEGATIVE_INFINITY;
        let n = 0;
        for (const batch of batches) {
          for (const r of batch)
            if ((Math.floor(r.ms / (STEP * 1000)) + 1) * STEP * 1000 <= max - delayS * 1000) n++;
          for (const r of batch) max = Math.max(max, r.ms);
        }
        return n;
      };
      const drops = csvRows(join(out, 'watermark_drops.csv'));
      expect(drops.map((d) => Number(d.delay_seconds))).toEqual([0, 900, 1800, 2700, 3600]);
      expect(drops.map((d) => Number(d.rows_dropped))).toEqual(
        [0, 900, 1800, 2700, 3600].map(dropped),
      );
      expect(Number(drops[0]?.rows_dropped)).toBeGreaterThan(0);
      expect(summary.watermark?.drops.map((d) => d.rows_dropped)).toEqual(
        drops.map((d) => Number(d.rows_dropped)),
      );
    });
  }
});
