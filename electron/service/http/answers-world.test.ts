// GET /api/answers on a live late-data dataset: the summary carries the parts only such a
// dataset has (late arrivals, the watermark's drops, the company dimension), valid against the
// route's schema, and agrees with the _late.jsonl ledgers on disk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSummarySchema } from '../../../shared/api.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';

describe('GET /api/answers on late-data', () => {
  let api: InProcessApi;

  beforeAll(async () => {
    api = startInProcessApi({ preset: 'late-data' });
    await waitFor('a batch', async () =>
      (await api.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
    api.clock.advance(60_000);
    await waitFor('six batches', async () =>
      (await api.call('/api/health')).body.driver_batches >= 6 ? true : undefined,
    );
  });
  afterAll(() => api.stop());

  it('adds late arrivals, watermark drops and the company dimension', async () => {
    const { status, body } = await api.call('/api/answers');
    expect(status).toBe(200);
    const summary = answerSummarySchema.parse(body);
    // The live service may have committed another batch since: compare the summary's batches.
    const disk = batchesOnDisk(api.dir).filter((b) => b.id <= (summary.last_batch as string));
    expect(summary.batches).toBe(disk.length);
    expect(summary.batches).toBeGreaterThanOrEqual(6);
    // A batch with no late row has no _late.jsonl.
    const ledger = (id: string) => {
      const file = join(api.dir, 'raw', 'events', id, '_late.jsonl');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
    };
    const ledgered = disk.reduce((n, b) => n + ledger(b.id), 0);
    expect(summary.late_arrivals?.late).toBe(ledgered);
    expect(ledgered).toBe(disk.reduce((n, b) => n + (b.meta.late_count ?? 0), 0));
    expect((summary.late_arrivals?.on_time ?? 0) + ledgered).toBe(summary.valid_events);
    expect(summary.late_arrivals?.max_lateness_seconds).toBe(30);
    expect(summary.watermark?.interval_seconds).toBe(10);
    expect(summary.watermark?.drops.map((d) => d.delay_seconds)).toEqual([0, 10, 20, 30, 40]);
    expect(summary.company_dimension?.companies).toBeGreaterThan(0);
    // A lifecycle's kind is counted (from 0) only where the dataset has a lifecycle.
    expect(Object.keys(summary.defects)).toContain('after_deactivation');
    expect(summary.regional_gold).toBeNull();
  });
});
