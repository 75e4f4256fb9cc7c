// The answer key against the files the generator wrote: every line of every batch is either
// a valid event or a listed defect, at its own line number, and the gold rows are the valid
// events counted per company. Two epochs (a preset switch) and a folder edited by hand.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli.ts';
import { AnswersError, answerSource, summarizeAnswers, writeAnswers } from './answers.ts';

/** A tiny RFC 4180 reader for the test (quoted fields, doubled quotes; no line breaks in fields). */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const split = (line: string) => {
    const out: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let value = '';
        i++;
        for (;;) {
          const q = line.indexOf('"', i);
          value += line.slice(i, q);
          if (line[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 2;
            break;
          }
        }
        out.push(value);
      } else {
        const comma = line.indexOf(',', i);
        const end = comma === -1 ? line.length : comma;
        out.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return out;
  };
  const names = split(header ?? '');
  return rows.map((row) => Object.fromEntries(split(row).map((v, i) => [names[i], v])));
}

interface OnDisk {
  id: string;
  lines: string[];
  quality: Map<number, string>;
  meta: {
    interval_start: string;
    record_count: number;
    event_count: number;
    issues: Record<string, number>;
  };
}

function batchesOnDisk(dir: string): OnDisk[] {
  const events = join(dir, 'raw', 'events');
  return readdirSync(events)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((id) => {
      const folder = join(events, id);
      const lines = readFileSync(join(folder, 'events.jsonl'), 'utf8').split('\n').slice(0, -1);
      let qualityText = '';
      try {
        qualityText = readFileSync(join(folder, '_quality.jsonl'), 'utf8');
      } catch {}
      const quality = new Map(
        qualityText
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { line: number; issue: string })
          .map((q) => [q.line, q.issue] as const),
      );
      const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
      return { id, lines, quality, meta };
    });
}

describe('answer keys (npm run answers)', () => {
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'answers-'));
    out = join(dir, 'key');
    // Six hours of quality-injection, then a switch to small: two epochs in one folder.
    for (const [preset, from, to] of [
      ['quality-injection', '2024-01-01T00:00:00Z', '2024-01-01T06:00:00Z'],
      ['small', '2024-01-01T06:00:00Z', '2024-01-01T08:00:00Z'],
    ] as const) {
      const r = await runCli([
        'generate',
        '--preset',
        preset,
        '--from',
        from,
        '--to',
        to,
        '--data-dir',
        dir,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accounts for every line on disk, valid or defective, at its line number', async () => {
    const r = await runCli(['answers', '--data-dir', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const events = readCsv(join(out, 'events.csv'));
    const defects = readCsv(join(out, 'defects.csv'));
    const disk = batchesOnDisk(dir);
    expect(disk.length).toBe(24 + 8);
    const key = new Map<string, { raw: string; issue: string | null }>();
    for (const e of events) key.set(`${e.batch_id}:${e.line}`, { raw: e.raw ?? '', issue: null });
    for (const d of defects)
      key.set(`${d.batch_id}:${d.line}`, { raw: d.raw ?? '', issue: d.issue ?? '' });
    let lines = 0;
    for (const b of disk) {
      b.lines.forEach((raw, i) => {
        const entry = key.get(`${b.id}:${i + 1}`);
        expect(entry?.raw).toBe(raw);
        expect(entry?.issue ?? null).toBe(b.quality.get(i + 1) ?? null);
        lines++;
      });
    }
    expect(key.size).toBe(lines);
    // Fields of the valid events are the line's own.
    for (const e of events.slice(0, 500)) {
      const parsed = JSON.parse(e.raw ?? '');
      for (const f of [
        'event_id',
        'driver_id',
        'company_id',
        'truck_id',
        'event_type',
        'timestamp',
      ])
        expect(e[f]).toBe(parsed[f]);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.lines).toBe(lines);
    expect(summary.valid_events).toBe(disk.reduce((n, b) => n + b.meta.event_count, 0));
    expect(summary.defects.boundary_violation).toBe(
      disk.reduce((n, b) => n + (b.meta.issues.boundary_violation ?? 0), 0),
    );
    expect(summary.defects.duplicate).toBeGreaterThan(0);
    expect(r.stdout).toContain(`valid events: ${summary.valid_events.toLocaleString('en-US')}`);
  });

  it('counts gold per company and interval from the valid lines', () => {
    const gold = readCsv(join(out, 'gold.csv'));
    const expected = new Map<string, { events: number; delivered: number; drivers: Set<string> }>();
    for (const b of batchesOnDisk(dir)) {
      b.lines.forEach((raw, i) => {
        if (b.quality.has(i + 1)) return;
        const r = JSON.parse(raw);
        const k = `${r.company_id}|${b.meta.interval_start}`;
        const row = expected.get(k) ?? { events: 0, delivered: 0, drivers: new Set<string>() };
        row.events++;
        if (r.event_type === 'delivered') row.delivered++;
        row.drivers.add(r.driver_id);
        expected.set(k, row);
      });
    }
    expect(gold.length).toBe(expected.size);
    for (const g of gold) {
      const want = expected.get(`${g.company_id}|${g.interval_start}`);
      expect(want, `${g.company_id} ${g.interval_start}`).toBeDefined();
      expect(Number(g.events)).toBe(want?.events);
      expect(Number(g.delivered)).toBe(want?.delivered);
      expect(Number(g.active_drivers)).toBe(want?.drivers.size);
      expect(Number(g.start_driving) + Number(g.stopped_driving) + Number(g.delivered)).toBe(
        Number(g.events),
      );
    }
  });

  it('takes a range, and writes JSON Lines on request', async () => {
    const jsonl = join(dir, 'key-jsonl');
    const { summary } = await writeAnswers(dir, jsonl, {
      range: { fromS: Date.UTC(2024, 0, 1, 5) / 1000, toS: Date.UTC(2024, 0, 1, 7) / 1000 },
      format: 'jsonl',
    });
    expect(summary.batches).toBe(8);
    expect([summary.first_batch, summary.last_batch]).toEqual([
      '20240101T050000Z',
      '20240101T064500Z',
    ]);
    const rows = readFileSync(join(jsonl, 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(summary.valid_events);
    expect(new Set(rows.map((r) => r.batch_id.slice(9, 11)))).toEqual(new Set(['05', '06']));
  });

  it('refuses a folder whose batches were edited, and one with no dataset', async () => {
    const edited = mkdtempSync(join(tmpdir(), 'answers-edited-'));
    try {
      const r = await runCli([
        'generate',
        '--preset',
        'quality-injection',
        '--from',
        '2024-01-01T00:00:00Z',
        '--to',
        '2024-01-01T00:30:00Z',
        '--data-dir',
        edited,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const meta = join(edited, 'raw', 'events', '20240101T001500Z', 'batch_meta.json');
      const parsed = JSON.parse(readFileSync(meta, 'utf8'));
      writeFileSync(meta, JSON.stringify({ ...parsed, record_count: parsed.record_count - 1 }));
      let error: unknown;
      try {
        await summarizeAnswers(answerSource(edited));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AnswersError);
      expect((error as AnswersError).code).toBe('dataset_mismatch');
      expect((error as Error).message).toMatch(
        /20240101T001500Z on disk is not what its dataset generates/,
      );
      const cli = await runCli(['answers', '--data-dir', join(edited, 'nothing')]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(/no_dataset: .* holds no dataset yet/);
    } finally {
      rmSync(edited, { recursive: true, force: true });
    }
  });
});
