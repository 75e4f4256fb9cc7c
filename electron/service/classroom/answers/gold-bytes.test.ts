// Gold per true interval is, for data without late arrivals, byte for byte the gold the key
// wrote before (one batch at a time: its valid lines per company, companies by id, the batch's
// own interval). The reference is computed here from the files on disk (the lines, the
// _quality.jsonl ledger, batch_meta.json), the old way.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli.ts';
import { writeAnswers } from '../answers.ts';

function goldTheOldWay(dir: string): string {
  const events = join(dir, 'raw', 'events');
  const out = [
    'company_id,batch_id,interval_start,interval_end,events,start_driving,stopped_driving,delivered,active_drivers',
  ];
  for (const id of readdirSync(events)
    .filter((n) => !n.startsWith('.'))
    .sort()) {
    const folder = join(events, id);
    const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
    const ledger = join(folder, '_quality.jsonl');
    const defective = new Set(
      existsSync(ledger)
        ? readFileSync(ledger, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l).line as number)
        : [],
    );
    const byCompany = new Map<string, { counts: Record<string, number>; drivers: Set<string> }>();
    readFileSync(join(folder, 'events.jsonl'), 'utf8')
      .split('\n')
      .slice(0, -1)
      .forEach((raw, i) => {
        if (defective.has(i + 1)) return;
        const r = JSON.parse(raw);
        const row = byCompany.get(r.company_id) ?? { counts: {}, drivers: new Set<string>() };
        row.counts[r.event_type] = (row.counts[r.event_type] ?? 0) + 1;
        row.drivers.add(r.driver_id);
        byCompany.set(r.company_id, row);
      });
    for (const company of [...byCompany.keys()].sort()) {
      const { counts, drivers } = byCompany.get(company) as {
        counts: Record<string, number>;
        drivers: Set<string>;
      };
      const n = (t: string) => counts[t] ?? 0;
      const total = n('start driving') + n('stopped driving') + n('delivered');
      out.push(
        [
          company,
          id,
          meta.interval_start,
          meta.interval_end,
          total,
          n('start driving'),
          n('stopped driving'),
          n('delivered'),
          drivers.size,
        ].join(','),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

describe('gold without late arrivals', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'answers-gold-'));
    const r = await runCli([
      'generate',
      '--preset',
      'quality-injection',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T12:00:00Z',
      '--data-dir',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte-identical to the per-batch gold, and the key has no late, world or watermark part', async () => {
    const out = join(dir, 'key');
    const { summary, files } = await writeAnswers(dir, out);
    const gold = readFileSync(join(out, 'gold.csv'), 'utf8');
    expect(gold.split('\n').length).toBeGreaterThan(500);
    expect(gold).toBe(goldTheOldWay(dir));
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'events.csv',
      'defects.csv',
      'gold.csv',
      'summary.json',
    ]);
    expect(summary.late_arrivals).toBeNull();
    expect(summary.watermark).toBeNull();
    expect(summary.company_dimension).toBeNull();
    expect(summary.regional_gold).toBeNull();
  });
});
