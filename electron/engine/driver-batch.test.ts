import { describe, expect, it } from 'vitest';
import { DEFECT_KINDS } from '../../shared/config.ts';
import { batchText, configFrom, epochOf, JAN1, presetConfig } from '../testing/presets.ts';
import { ksCritical, ksUniform, mean, shareTolerance, variance, Z } from '../testing/stats.ts';
import { generateCompanyBatch } from './companies.ts';
import { MALFORMED_TIMESTAMP_FORMS } from './defects.ts';
import { chunkBytesFor, DriverFragments, driverBatchChunks, EVENT_TYPES } from './driver-batch.ts';
import { batchIdOf, isoSeconds } from './format.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const EVENT_KEYS = ['event_id', 'driver_id', 'company_id', 'truck_id', 'event_type', 'timestamp'];
const COMPANY_KEYS = ['company_id', 'geography', 'active', 'created_at'];
const META_KEYS = [
  'batch_id',
  'interval_start',
  'interval_end',
  'event_count',
  'seed',
  'corrupted_count',
  'record_count',
  'issues',
  'generation_mode',
  'companies_eligible',
];

describe('records (docs/data-folder.md, Records)', () => {
  it('writes every valid event in the contract format and key order', () => {
    const config = presetConfig('base');
    const epoch = epochOf(config);
    const { lines, meta } = batchText(epoch, JAN1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(Object.keys(record)).toEqual(EVENT_KEYS);
      expect(record.event_id).toMatch(new RegExp(`^${UUID}$`));
      expect(record.company_id).toMatch(new RegExp(`^${UUID}$`));
      expect(record.driver_id).toBe(`DRV-${record.company_id}-${record.driver_id.slice(-3)}`);
      expect(record.driver_id).toMatch(/-\d{3}$/);
      expect(record.truck_id).toMatch(new RegExp(`^TRK-${config.seed}-\\d{4,}$`));
      expect(EVENT_TYPES).toContain(record.event_type);
      expect(record.timestamp).toMatch(TS);
      expect(JSON.stringify(record)).toBe(line); // compact, nothing extra
    }
    expect(Object.keys(meta)).toEqual(META_KEYS);
    expect(meta.batch_id).toBe(batchIdOf(JAN1));
    expect(meta.interval_start).toBe(isoSeconds(JAN1));
    expect(meta.interval_end).toBe(isoSeconds(JAN1 + 900));
    expect(meta.record_count).toBe(lines.length);
    expect(meta.record_count).toBe(meta.event_count + meta.corrupted_count);
  });

  it('writes company records in the contract format and key order', () => {
    const epoch = epochOf(presetConfig('base'));
    const { text, companies, lines } = generateCompanyBatch(epoch, { kind: 'initial' });
    const rows = text.trimEnd().split('\n');
    expect(rows.length).toBe(lines);
    expect(companies).toBe(10);
    for (const row of rows) {
      const record = JSON.parse(row);
      expect(Object.keys(record)).toEqual(COMPANY_KEYS);
      expect(record).toMatchObject({ geography: 'US', active: true });
      expect(record.created_at).toMatch(TS);
      // The initial fleet is onboarded just before the dataset start.
      expect(Date.parse(record.created_at)).toBeLessThan(JAN1 * 1000);
      expect(Date.parse(record.created_at)).toBeGreaterThanOrEqual((JAN1 - 60) * 1000);
    }
  });

  it('keeps a driver on the same truck across batches, and trucks distinct between drivers', () => {
    const epoch = epochOf(presetConfig('base'));
    const truckOf = new Map<string, string>();
    let eligible = 0;
    for (let b = 0; b < 8; b++) {
      const batch = batchText(epoch, JAN1 + 900 * b);
      eligible = Math.max(eligible, batch.meta.companies_eligible);
      for (const line of batch.lines) {
        const { driver_id, truck_id } = JSON.parse(line);
        expect(truckOf.get(driver_id) ?? truck_id).toBe(truck_id);
        truckOf.set(driver_id, truck_id);
      }
    }
    expect(new Set(truckOf.values()).size).toBe(truckOf.size);
    // The initial 10 companies plus the one onboarded in the first hour, 5 drivers each.
    expect(eligible).toBe(11);
    expect(truckOf.size).toBe(eligible * 5);
  });

  it('gives the first driver batch of every preset events', () => {
    for (const name of [
      'small',
      'base',
      'scaling',
      'quality-injection',
      'emulated-5s',
      'emulated',
      'emulated-30s',
      'world',
      'late-data',
    ]) {
      const epoch = epochOf(presetConfig(name), JAN1);
      expect(batchText(epoch, JAN1).meta.event_count).toBeGreaterThan(0);
    }
  });
});

describe('randomness model', () => {
  // Many drivers, no defects: per-driver counts are the Poisson sample.
  function perDriverCounts(rate: number, batches: number) {
    const config = configFrom({
      seed: 5,
      number_of_companies: 400,
      drivers_per_company: 25,
      event_rate_per_driver: rate,
      company_onboarding_interval: 'PT1H',
    });
    const epoch = epochOf(config);
    const counts: number[] = [];
    const types: number[] = [0, 0, 0];
    const offsets: number[] = [];
    for (let b = 0; b < batches; b++) {
      const start = JAN1 + 900 * b;
      const perDriver = new Map<string, number>();
      for (const line of batchText(epoch, start).lines) {
        const e = JSON.parse(line);
        perDriver.set(e.driver_id, (perDriver.get(e.driver_id) ?? 0) + 1);
        const t = EVENT_TYPES.indexOf(e.event_type);
        types[t] = (types[t] ?? 0) + 1;
        offsets.push((Date.parse(e.timestamp) - start * 1000) / 900_000);
      }
      for (let i = 0; i < 400 * 25; i++) counts.push(0);
      let i = counts.length - 400 * 25;
      for (const n of perDriver.values()) counts[i++] = n;
    }
    return { counts, types, offsets };
  }

  for (const rate of [3.5, 14]) {
    it(`draws Poisson(${rate}) events per driver per batch (mean and variance)`, () => {
      const { counts } = perDriverCounts(rate, 3);
      const n = counts.length;
      expect(Math.abs(mean(counts) - rate)).toBeLessThan(Z * Math.sqrt(rate / n));
      expect(Math.abs(variance(counts) - rate)).toBeLessThan(
        Z * Math.sqrt((rate + 2 * rate * rate) / n),
      );
    });
  }

  it('draws event types 40/35/25 and timestamps uniform inside the interval', () => {
    const { types, offsets } = perDriverCounts(4.2, 2);
    const n = types.reduce((a, b) => a + b, 0);
    [0.4, 0.35, 0.25].forEach((p, i) => {
      expect(Math.abs((types[i] as number) / n - p)).toBeLessThan(shareTolerance(p, n));
    });
    expect(offsets.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(ksUniform(offsets)).toBeLessThan(ksCritical(offsets.length));
  });
});

describe('emulated mode', () => {
  it('keeps every batch within [events_per_batch_min, events_per_batch_max] lines, uniformly', () => {
    const config = presetConfig('emulated-5s');
    const epoch = epochOf(config);
    const { events_per_batch_min: min, events_per_batch_max: max } = config.emulated_mode;
    const sizes = new Map<number, number>();
    const batches = 4000;
    for (let b = 0; b < batches; b++) {
      const { meta, lines } = batchText(epoch, JAN1 + 5 * b);
      expect(meta.record_count).toBe(lines.length);
      expect(lines.length).toBeGreaterThanOrEqual(min);
      expect(lines.length).toBeLessThanOrEqual(max);
      sizes.set(lines.length, (sizes.get(lines.length) ?? 0) + 1);
    }
    const p = 1 / (max - min + 1);
    for (let k = min; k <= max; k++) {
      expect(Math.abs((sizes.get(k) ?? 0) / batches - p)).toBeLessThan(shareTolerance(p, batches));
    }
  });

  it('spreads events over randomly chosen eligible drivers, not the oldest ones', () => {
    const config = presetConfig('emulated');
    const epoch = epochOf(config);
    const companies = new Set<string>();
    // After 10 minutes, 60 onboarding batches have closed: 610 companies are eligible.
    const late = JAN1 + 600;
    for (let b = 0; b < 200; b++) {
      const { lines, meta } = batchText(epoch, late + 10 * b);
      expect(meta.companies_eligible).toBeGreaterThanOrEqual(610);
      for (const line of lines) {
        const id = JSON.parse(line).company_id;
        if (id) companies.add(id);
      }
    }
    expect(companies.size).toBeGreaterThan(200);
  });
});

/** Which of the generator's malformed forms a timestamp is. */
function malformedForm(ts: string): string {
  if (ts === 'not-a-timestamp' || ts === 'N/A') return ts;
  if (/T25:/.test(ts)) return 'hour 25';
  if (/-32T/.test(ts)) return 'day 32';
  if (/^\d{4}-13-/.test(ts)) return 'month 13';
  if (/^\d{4}\/\d{2}\/\d{2} /.test(ts)) return 'slashes';
  if (/^\d{2}\/\d{2}\/\d{4} /.test(ts)) return 'day first';
  return `unknown: ${ts}`;
}

describe('quality defects', () => {
  // Checks every line, collecting problems (one expect per line would dominate the run time).
  function scan(name: string, batches: number, step: number) {
    const config = presetConfig(name);
    const epoch = epochOf(config);
    let records = 0;
    let corrupted = 0;
    let duplicates = 0;
    const kinds = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as Record<string, number>;
    const malformed = new Set<string>();
    const problems: string[] = [];
    const uuid = new RegExp(`^${UUID}$`);
    for (let b = 0; b < batches; b++) {
      const start = JAN1 + step * b;
      const { lines, meta, quality } = batchText(epoch, start);
      const listed = new Map(quality.map((q) => [q.line, q]));
      if (quality.length !== meta.corrupted_count)
        problems.push(`${meta.batch_id}: quality lines != corrupted_count`);
      for (const [i, line] of lines.entries()) {
        const q = listed.get(i + 1);
        const record = JSON.parse(line);
        const ts = record.timestamp;
        const parsedOk = typeof ts === 'string' && TS.test(ts) && !Number.isNaN(Date.parse(ts));
        const inside =
          parsedOk && Date.parse(ts) >= start * 1000 && Date.parse(ts) < (start + step) * 1000;
        const bad = (what: string) =>
          problems.push(`${meta.batch_id} line ${i + 1}: ${what}: ${line}`);
        if (!q) {
          if (Object.keys(record).join() !== EVENT_KEYS.join()) bad('valid line with other keys');
          if (!inside) bad('valid line with a timestamp outside the interval');
          continue;
        }
        if (!uuid.test(q.event_id ?? '')) bad('quality entry without the event id');
        if (q.issue === 'boundary_violation' && !(parsedOk && !inside))
          bad('boundary violation inside');
        if (q.issue === 'missing_field' && q.field && q.field in record)
          bad('missing field present');
        if (q.issue === 'null_value' && record[q.field as string] !== null)
          bad('null value not null');
        if (q.issue === 'invalid_enum' && EVENT_TYPES.includes(record.event_type))
          bad('enum valid');
        if (q.issue === 'duplicate' && lines[i - 1] !== line)
          bad('duplicate not a copy of the line before');
        if (q.issue === 'malformed_timestamp') {
          if (parsedOk) bad('malformed timestamp is well-formed');
          malformed.add(malformedForm(ts));
        }
        kinds[q.issue] = (kinds[q.issue] ?? 0) + 1;
      }
      records += meta.record_count;
      corrupted += meta.corrupted_count;
      duplicates += meta.issues.duplicate;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    return { config, records, corrupted, duplicates, kinds, malformed };
  }

  it('injects defects at error_rate with the configured kind weights (production)', () => {
    const { config, records, corrupted, duplicates, kinds, malformed } = scan(
      'quality-injection',
      400,
      900,
    );
    // Each generated event is selected with probability error_rate and then yields exactly one
    // defective line; a duplicate adds its copy as the defective line.
    const generated = records - duplicates;
    const rate = config.quality_injection.error_rate;
    expect(Math.abs(corrupted / generated - rate)).toBeLessThan(shareTolerance(rate, generated));
    const weights = config.quality_injection.weights;
    const total = DEFECT_KINDS.reduce((s, k) => s + weights[k], 0);
    for (const kind of DEFECT_KINDS) {
      const p = weights[kind] / total;
      expect(kinds[kind]).toBeGreaterThan(0);
      expect(Math.abs((kinds[kind] as number) / corrupted - p)).toBeLessThan(
        shareTolerance(p, corrupted),
      );
    }
    expect([...malformed].filter((f) => f.startsWith('unknown'))).toEqual([]);
    expect(malformed.size).toBe(MALFORMED_TIMESTAMP_FORMS);
  });

  it('injects defects in emulated presets too (their corruption_rate alias)', () => {
    const { records, corrupted, duplicates, kinds } = scan('emulated-5s', 3000, 5);
    const generated = records - duplicates;
    expect(Math.abs(corrupted / generated - 0.3)).toBeLessThan(shareTolerance(0.3, generated));
    for (const kind of DEFECT_KINDS) expect(kinds[kind]).toBeGreaterThan(0);
  });

  it('leaves the valid events unchanged when defects are switched on', () => {
    const clean = presetConfig('base');
    const dirty = configFrom({
      ...JSON.parse('{}'),
      seed: 42,
      number_of_companies: 10,
      drivers_per_company: 5,
      event_rate_per_driver: 3.5,
      company_onboarding_interval: 'PT1H',
      quality_injection: { enabled: true, error_rate: 0.3 },
    });
    const a = batchText(epochOf(clean), JAN1).lines;
    const b = new Set(batchText(epochOf(dirty), JAN1).lines);
    const kept = a.filter((line) => b.has(line)).length;
    expect(kept).toBeGreaterThan(a.length * 0.6);
    expect(kept).toBeLessThan(a.length);
  });

  it('injects company defects listed with their line', () => {
    const config = configFrom({
      seed: 3,
      number_of_companies: 3000,
      drivers_per_company: 1,
      event_rate_per_driver: 1,
      company_onboarding_interval: 'PT1H',
      quality_injection: { enabled: true, error_rate: 0.2 },
    });
    const { text, quality, issues } = generateCompanyBatch(epochOf(config), { kind: 'initial' });
    const rows = text.trimEnd().split('\n');
    for (const kind of DEFECT_KINDS) expect(issues[kind]).toBeGreaterThan(0);
    const generated = rows.length - issues.duplicate;
    expect(Math.abs(quality.length / generated - 0.2)).toBeLessThan(shareTolerance(0.2, generated));
    for (const q of quality) {
      const record = JSON.parse(rows[q.line - 1] as string);
      if (q.issue === 'invalid_enum') expect(record.geography).not.toBe('US');
      if (q.issue === 'null_value') expect(record[q.field as string]).toBeNull();
      if (q.issue === 'duplicate') expect(rows[q.line - 2]).toBe(rows[q.line - 1]);
    }
  });
});

describe('chunking', () => {
  const bytesWith = (preset: string, chunkBytes: number) => {
    const epoch = epochOf(presetConfig(preset));
    const quality: unknown[] = [];
    const chunks: Buffer[] = [];
    const it = driverBatchChunks(
      epoch,
      JAN1,
      (entry) => quality.push(entry),
      new DriverFragments(),
      chunkBytes,
    );
    for (let r = it.next(); !r.done; r = it.next()) chunks.push(Buffer.from(r.value));
    return { bytes: Buffer.concat(chunks), chunks: chunks.length, quality };
  };

  it('writes the same bytes whatever the chunk size', () => {
    for (const preset of ['quality-injection', 'scaling', 'emulated']) {
      const big = bytesWith(preset, 1 << 20);
      const small = bytesWith(preset, 8 * 1024);
      expect(small.bytes.equals(big.bytes), preset).toBe(true);
      expect(small.quality).toEqual(big.quality);
      if (big.bytes.length > 64 * 1024) expect(small.chunks).toBeGreaterThan(big.chunks);
    }
  });

  it('sizes chunks to the batch: small for a classroom tick, 1 MiB for big batches', () => {
    expect(chunkBytesFor(12)).toBe(64 * 1024);
    expect(chunkBytesFor(100_000)).toBe(1 << 20);
    expect(chunkBytesFor(300)).toBe(512 * 1024);
  });
});
