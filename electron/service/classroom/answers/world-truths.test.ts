// The key of the `world` preset (regions, daily profile, lifecycle) against what the generator
// wrote: the SCD2 dimension is what companies.jsonl's records make, no valid event lies in an
// inactive span of its company and every after_deactivation line does, and regional gold is
// the valid events by their company's region and the local date (Intl, per event) in its zone,
// Chicago's 10 March 2024 lasting 23 hours.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli.ts';
import { type WrittenAnswers, writeAnswers } from '../answers.ts';

function csvRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = (header ?? '').split(',');
  // The tables read here have no quoted fields (the raw column is not read).
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

/** events.csv's columns before `raw` (which may hold commas), by position. */
function eventRows(file: string) {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [batch_id, line, event_id, driver_id, company_id, truck_id, event_type, timestamp] =
        l.split(',');
      return { batch_id, line, event_id, driver_id, company_id, truck_id, event_type, timestamp };
    });
}

const jsonLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('answer key of a world with regions and a lifecycle', () => {
  let dir: string;
  let out: string;
  let written: WrittenAnswers;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'answers-world-'));
    out = join(dir, 'key');
    const r = await runCli([
      'generate',
      '--preset',
      'world',
      '--from',
      '2024-03-10T04:00:00Z',
      '--to',
      '2024-03-11T06:00:00Z',
      '--data-dir',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    written = await writeAnswers(dir, out);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the dimension and regional gold, and no late-arrival part', () => {
    expect(written.files.map((f) => f.slice(out.length + 1))).toEqual([
      'events.csv',
      'defects.csv',
      'gold.csv',
      'company_dimension.csv',
      'regional_gold.csv',
      'summary.json',
    ]);
    expect(written.summary.late_arrivals).toBeNull();
    expect(written.summary.watermark).toBeNull();
  });

  it('makes the SCD2 dimension the companies stream’s records make', () => {
    const dimension = csvRows(join(out, 'company_dimension.csv'));
    const ledger = jsonLines(join(dir, 'raw', '_companies_quality.jsonl'));
    const damaged = new Set(ledger.map((q) => q.company_id));
    // A defect may take the id itself: the ledger names the company of its line.
    const idAt = new Map(ledger.map((q) => [q.line, q.company_id]));
    const records = jsonLines(join(dir, 'raw', 'companies.jsonl')).map((r, i) => ({
      ...r,
      company_id: idAt.get(i + 1) ?? r.company_id,
    }));
    expect(damaged.size).toBeGreaterThan(0);
    // Every record is a version: same companies, same number of versions each.
    const count = (ids: string[]) =>
      ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
    expect(count(dimension.map((d) => d.company_id as string))).toEqual(
      count(records.map((r) => r.company_id)),
    );
    // Clean companies: the rows a student builds from the records, exactly.
    const clean = records.filter((r) => !damaged.has(r.company_id));
    const byCompany = new Map<string, typeof clean>();
    for (const r of clean) byCompany.set(r.company_id, [...(byCompany.get(r.company_id) ?? []), r]);
    const expected = [...byCompany.entries()].flatMap(([, versions]) =>
      versions
        .sort((a, b) => (a.effective_at < b.effective_at ? -1 : 1))
        .map((v, i) => ({
          company_id: v.company_id,
          geography: v.geography,
          active: String(v.active),
          valid_from: v.effective_at,
          valid_to: versions[i + 1]?.effective_at ?? '',
          is_current: String(i === versions.length - 1),
        })),
    );
    const got = dimension.filter((d) => !damaged.has(d.company_id as string));
    const sortKey = (d: Record<string, string>) => `${d.company_id} ${d.valid_from}`;
    expect(got.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))).toEqual(
      expected.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)),
    );
    expect(expected.filter((d) => d.active === 'false').length).toBeGreaterThan(5);
    const changes = records.filter((r) => r.change === 'reactivated').length;
    expect(written.summary.company_dimension?.reactivations).toBe(changes);
    expect(written.summary.company_dimension?.versions).toBe(records.length);
  });

  it('puts after_deactivation events, and no valid event, in inactive spans', () => {
    const spans = new Map<string, Array<[number, number]>>();
    for (const d of csvRows(join(out, 'company_dimension.csv'))) {
      if (d.active !== 'false') continue;
      const to = d.valid_to ? Date.parse(d.valid_to) : Number.POSITIVE_INFINITY;
      spans.set(d.company_id as string, [
        ...(spans.get(d.company_id as string) ?? []),
        [Date.parse(d.valid_from as string), to],
      ]);
    }
    const inactive = (company: string, ts: string) =>
      (spans.get(company) ?? []).some(([a, b]) => Date.parse(ts) >= a && Date.parse(ts) < b);
    const events = eventRows(join(out, 'events.csv'));
    expect(events.filter((e) => inactive(e.company_id as string, e.timestamp as string))).toEqual(
      [],
    );
    const stray = readFileSync(join(out, 'defects.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(',after_deactivation,'))
      .map((l) => JSON.parse(l.slice(l.indexOf('"{') + 1, -1).replaceAll('""', '"')));
    expect(stray.length).toBe(written.summary.defects.after_deactivation);
    expect(stray.length).toBeGreaterThan(10);
    expect(stray.filter((r) => !inactive(r.company_id, r.timestamp))).toEqual([]);
  });

  it('counts regional gold per local day in each region’s zone', () => {
    const regionOf = new Map(
      csvRows(join(out, 'company_dimension.csv')).map((d) => [d.company_id, d.geography]),
    );
    const zones: Record<string, string> = {
      US: 'America/Chicago',
      EU: 'Europe/Berlin',
      SA: 'America/Sao_Paulo',
      AUS: 'Australia/Sydney',
    };
    const formats = Object.fromEntries(
      Object.entries(zones).map(([r, z]) => [r, new Intl.DateTimeFormat('en-CA', { timeZone: z })]),
    );
    const expected = new Map<string, { events: number; delivered: number; drivers: Set<string> }>();
    for (const e of eventRows(join(out, 'events.csv'))) {
      const region = regionOf.get(e.company_id) as string;
      const k = `${region} ${formats[region]?.format(Date.parse(e.timestamp as string))}`;
      const row = expected.get(k) ?? { events: 0, delivered: 0, drivers: new Set<string>() };
      row.events++;
      if (e.event_type === 'delivered') row.delivered++;
      row.drivers.add(e.driver_id as string);
      expected.set(k, row);
    }
    const rows = csvRows(join(out, 'regional_gold.csv'));
    expect(rows.length).toBe(expected.size);
    for (const g of rows) {
      const want = expected.get(`${g.region} ${g.local_date}`);
      expect(want, `${g.region} ${g.local_date}`).toBeDefined();
      expect([Number(g.events), Number(g.delivered), Number(g.active_drivers)]).toEqual([
        want?.events,
        want?.delivered,
        want?.drivers.size,
      ]);
      expect(g.time_zone).toBe(zones[g.region as string]);
    }
    const hours = (region: string, date: string) =>
      rows.find((g) => g.region === region && g.local_date === date)?.hours_in_day;
    expect([
      hours('US', '2024-03-10'),
      hours('US', '2024-03-09'),
      hours('EU', '2024-03-10'),
    ]).toEqual(['23', '24', '24']);
    expect(written.summary.regional_gold?.events).toBe(written.summary.valid_events);
  });
});
