// The Pipeline view from a metrics file as pipeline.py writes it, over a real generated
// dataset: rows from the batch metas, freshness from the interval closes, rule catches next
// to the generator's ledger, a replayed micro-batch not counted twice, a torn last line.
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineViewSchema } from '../../../shared/pipeline.ts';
import { runCli } from '../../testing/cli.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { PipelineMetrics } from './pipeline-view.ts';

describe('PipelineMetrics', () => {
  let dir: string;
  let file: string;
  let batches: ReturnType<typeof batchesOnDisk>;
  const closeOf = (i: number) => Date.parse(batches[i]?.meta.interval_end) / 1000;
  const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-view-'));
    const r = await runCli([
      'generate',
      '--preset',
      'quality-injection',
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T01:00:00Z',
      '--data-dir',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    batches = batchesOnDisk(dir);
    mkdirSync(join(dir, 'lake', '_pipeline'), { recursive: true });
    file = join(dir, 'lake', '_pipeline', 'metrics.jsonl');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds up what the pipeline reported, against the batches on disk', () => {
    const ids = batches.map((b) => b.id);
    const issues = (i: number) => batches[i]?.meta.issues as Record<string, number>;
    const t0 = closeOf(1);
    writeFileSync(
      file,
      [
        line({ kind: 'started', at: t0 }),
        line({ kind: 'arrived', layer: 'bronze', batch_ids: ids.slice(0, 2), at: t0 + 2 }),
        line({ kind: 'rules', micro_batch: 0, counts: { ...issues(0), passed: 1 }, at: t0 + 3 }),
        line({ kind: 'rules', micro_batch: 1, counts: issues(1), at: t0 + 3 }),
        // Micro-batch 1 replayed after a crash: reported again, counted once.
        line({ kind: 'rules', micro_batch: 1, counts: issues(1), at: t0 + 3.5 }),
        line({ kind: 'arrived', layer: 'silver', batch_ids: ids.slice(0, 2), at: t0 + 4 }),
        line({ kind: 'arrived', layer: 'gold', batch_ids: ids.slice(0, 1), at: t0 + 9 }),
        line({ kind: 'arrived', layer: 'gold_final', batch_ids: ids.slice(0, 1), at: t0 + 11 }),
        line({
          kind: 'progress',
          query: 'bronze',
          micro_batch: 3,
          rows_in: 10,
          input_rate: 12.5,
          processed_rate: 40,
          duration_ms: 800,
          watermark: null,
          dropped_by_watermark: 0,
          at: t0 + 9,
        }),
        line({
          kind: 'progress',
          query: 'gold',
          micro_batch: 2,
          dropped_by_watermark: 2,
          at: t0 + 9,
        }),
        '{"kind": "arrived", "layer": "gold", "batch_ids": ["2024',
      ].join(''),
    );
    const metrics = new PipelineMetrics(dir);
    const view = pipelineViewSchema.parse(metrics.view(t0 + 10));
    expect(view.running).toBe(true);
    const b = batches.slice(0, 2);
    expect(view.layers.bronze.rows).toBe(b.reduce((n, x) => n + x.meta.record_count, 0));
    expect(view.layers.silver.rows).toBe(b.reduce((n, x) => n + x.meta.event_count, 0));
    expect(view.layers.gold.batches).toBe(1);
    expect(view.layers.bronze.processed_rate).toBe(40);
    expect(view.layers.gold.dropped_by_watermark).toBe(2);
    for (const r of view.rules) {
      expect(r.caught, r.rule).toBe((issues(0)[r.rule] ?? 0) + (issues(1)[r.rule] ?? 0));
      expect(r.injected, r.rule).toBe(r.caught);
    }
    // Batch 0 closed one interval before batch 1: its delays are 15 minutes longer.
    const [second, first] = view.batches;
    expect(first?.batch_id).toBe(ids[0]);
    expect(second?.bronze_s).toBe(2);
    expect(first?.bronze_s).toBe(2 + (closeOf(1) - closeOf(0)));
    expect(first?.gold_s).toBe(9 + (closeOf(1) - closeOf(0)));
    expect(second?.gold_s).toBeNull();
    expect(first?.gold_final_s).toBe(11 + (closeOf(1) - closeOf(0)));
    expect(first?.events).toBe(batches[0]?.meta.event_count);
    expect(second?.gold_final_s).toBeNull();
    expect(view.layers.gold.final?.batches).toBe(1);
    expect(view.layers.silver.final).toBeNull();
    expect(view.layers.silver.freshness).toEqual({ batches: 2, p50_s: 4, p95_s: 904 });

    // Appended later (the torn line completed, then a stop): read incrementally.
    appendFileSync(
      file,
      `${ids[1]}"], "at": ${t0 + 12}}\n${line({ kind: 'stopped', at: t0 + 13 })}`,
    );
    const later = metrics.view(t0 + 14);
    expect(later.layers.gold.batches).toBe(2);
    expect(later.running).toBe(false);
    // A new run that starts the file again is read from its start.
    writeFileSync(file, line({ kind: 'started', at: t0 + 100 }));
    const fresh = metrics.view(t0 + 101);
    expect([fresh.running, fresh.layers.bronze.batches]).toEqual([true, 0]);
    expect(readFileSync(file, 'utf8')).toContain('started');
  });

  it('is empty, not an error, before the pipeline ever ran', () => {
    const view = new PipelineMetrics(join(dir, 'nowhere')).view();
    expect(view.running).toBe(false);
    expect(view.layers.bronze.batches).toBe(0);
    expect(view.rules.every((r) => r.caught === 0 && r.injected === 0)).toBe(true);
  });
});
