// The Pipeline view's late line from a metrics file as pipeline.py writes it, over a real
// generated dataset with late arrivals: arrived (silver) / kept (gold) / dropped by the
// watermark, next to the generator's _late.jsonl ledgers of the same batches; a replayed
// micro-batch counted once, gold's groups counted once their micro-batch's progress is in,
// and a new gold query (a new checkpoint) counted from its own start.
import {
  appendFileSync,
  existsSync,
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

const CONFIG = `name: late-view
description: the base fleet with late arrivals
seed: 7
number_of_companies: 4
drivers_per_company: 3
event_rate_per_driver: 3.5
company_onboarding_interval: PT30M
driver_event_interval: PT15M
late_arrivals:
  probability: 0.2
  max_intervals: 2
`;

describe('PipelineMetrics: late arrivals', () => {
  let dir: string;
  let file: string;
  let batches: ReturnType<typeof batchesOnDisk>;
  /** The ledger's late rows of a batch (its _late.jsonl lines; no file, none). */
  const ledger = (i: number) => {
    const path = join(dir, 'raw', 'events', batches[i]?.id ?? '', '_late.jsonl');
    if (!existsSync(path)) return 0;
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
  };
  const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-view-late-'));
    writeFileSync(join(dir, 'late.yaml'), CONFIG);
    const r = await runCli([
      'generate',
      '--config',
      join(dir, 'late.yaml'),
      '--from',
      '2024-01-01T00:00:00Z',
      '--to',
      '2024-01-01T02:00:00Z',
      '--data-dir',
      join(dir, 'data'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    dir = join(dir, 'data');
    batches = batchesOnDisk(dir);
    mkdirSync(join(dir, 'lake', '_pipeline'), { recursive: true });
    file = join(dir, 'lake', '_pipeline', 'metrics.jsonl');
  }, 60_000);
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('counts late rows arrived, kept and dropped against the ledger', () => {
    const ids = batches.map((b) => b.id);
    const lateIds = ids.filter((_, i) => ledger(i) > 0);
    expect(lateIds.length, 'the dataset has late arrivals').toBeGreaterThan(1);
    const inSilver = ids.slice(0, ids.indexOf(lateIds[1] ?? '') + 1);
    const truth = inSilver.reduce((n, _, i) => n + ledger(i), 0);
    const lateness = batches[0]?.meta.max_lateness_seconds;
    expect(lateness).toBe(2 * 900);
    const [first = '', second = ''] = lateIds;
    const t0 = Date.parse(batches[1]?.meta.interval_end) / 1000;
    // Gold took in every late row; one group of two late rows was dropped by the watermark.
    const groups = { [`c1 ${first}`]: truth - 3, [`c2 ${second}`]: 1 };
    const gold = (micro_batch: number, late_in: number, query_id = 'q1') =>
      line({ kind: 'progress', query: 'gold', query_id, micro_batch, late_in, at: t0 + 9 });
    writeFileSync(
      file,
      [
        line({ kind: 'started', at: t0 }),
        line({ kind: 'arrived', layer: 'silver', batch_ids: inSilver, at: t0 + 4 }),
        line({ kind: 'rules', micro_batch: 0, counts: {}, late: truth - 1, at: t0 + 4 }),
        line({ kind: 'rules', micro_batch: 1, counts: {}, late: 1, at: t0 + 4 }),
        // Replayed after a crash: counted once.
        line({ kind: 'rules', micro_batch: 1, counts: {}, late: 1, at: t0 + 5 }),
        line({
          kind: 'watermark',
          query: 'gold',
          delay_seconds: lateness + 1,
          max_lateness_seconds: lateness,
          at: t0 + 5,
        }),
        line({ kind: 'gold_late', query_id: 'q1', micro_batch: 0, groups, at: t0 + 8 }),
        gold(0, truth),
        line({ kind: 'gold_late', query_id: 'q1', micro_batch: 0, groups, at: t0 + 8.5 }),
      ].join(''),
    );
    const metrics = new PipelineMetrics(dir);
    const view = pipelineViewSchema.parse(metrics.view(t0 + 10)).late;
    expect(view).toEqual({
      arrived: truth,
      kept: truth - 2,
      dropped: 2,
      ledger: truth,
      expected_dropped: 0,
      watermark_delay_s: lateness + 1,
      max_lateness_s: lateness,
    });

    // Micro-batch 1's groups are written before its progress: not counted until it comes.
    const more = { [`c2 ${second}`]: 3 };
    appendFileSync(
      file,
      line({ kind: 'gold_late', query_id: 'q1', micro_batch: 1, groups: more, at: t0 + 10 }),
    );
    expect(metrics.view(t0 + 11).late).toMatchObject({ kept: truth - 2, dropped: 2 });
    appendFileSync(file, gold(1, 2));
    expect(metrics.view(t0 + 12).late).toMatchObject({ kept: truth, dropped: 2 });

    // A new gold query (its own checkpoint) takes in silver again from the start.
    appendFileSync(
      file,
      line({
        kind: 'gold_late',
        query_id: 'q2',
        micro_batch: 0,
        groups: { [`c1 ${first}`]: 5 },
        at: t0 + 12,
      }) + gold(0, 5, 'q2'),
    );
    expect(metrics.view(t0 + 13).late).toMatchObject({ arrived: truth, kept: 5, dropped: 0 });
  });

  it('has a truth for dropped only when the watermark allows for the lateness', () => {
    writeFileSync(
      file,
      line({
        kind: 'watermark',
        query: 'gold',
        delay_seconds: 0,
        max_lateness_seconds: 1800,
        at: 1,
      }),
    );
    const late = new PipelineMetrics(dir).view().late;
    expect([late.expected_dropped, late.watermark_delay_s, late.max_lateness_s]).toEqual([
      null,
      0,
      1800,
    ]);
    writeFileSync(file, '');
    const before = new PipelineMetrics(dir).view().late;
    expect(before).toEqual({
      arrived: 0,
      kept: 0,
      dropped: 0,
      ledger: 0,
      expected_dropped: null,
      watermark_delay_s: null,
      max_lateness_s: null,
    });
  });
});
