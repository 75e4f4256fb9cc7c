// GET /api/batches on a live `world` dataset: each batch says how many companies deactivated and
// reactivated in its interval, agreeing with the change records in raw/companies.jsonl, and
// GET /api/health names the regions' time zones. A batch of a dataset without lifecycle has
// neither field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchMeta, batchesSchema, healthSchema } from '../../../shared/api.ts';
import { DEFAULT_TIME_ZONES } from '../../../shared/world-config.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';
import { BatchIndex } from '../generator/batch-index.ts';
import type { LiveLoop } from '../generator/live-loop.ts';

const HOUR = 3_600_000;

describe('company changes per batch on world', () => {
  let api: InProcessApi;
  /** The SSE `batch` events, in order. */
  const announced: BatchMeta[] = [];

  beforeAll(async () => {
    api = startInProcessApi({ preset: 'world' });
    api.service.events.on('batch', (meta) => announced.push(meta as BatchMeta));
    await waitFor('a batch', async () =>
      (await api.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
    // A day, an hour at a time. (Stepping 15 minutes at a time commits no onboarding company
    // batch on world: a scheduler matter, reported; so no batch is announced again here.)
    for (let h = 0; h < 24; h++) {
      const before = (await api.call('/api/health')).body.driver_batches as number;
      api.clock.advance(HOUR);
      await waitFor('the hour', async () =>
        (await api.call('/api/health')).body.driver_batches >= before + 4 ? true : undefined,
      );
    }
  }, 120_000);
  afterAll(() => api.stop());

  it('counts the committed change records by the driver interval that holds them', async () => {
    const { body } = await api.call('/api/batches?limit=500');
    const { batches } = batchesSchema.parse(body);
    expect(batches.length).toBeGreaterThanOrEqual(96);
    const lines = readFileSync(join(api.dir, 'raw', 'companies.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"change":"deactivated"') || l.includes('"change":"reactivated"'))
      .map((l) => JSON.parse(l) as { change: string; effective_at: string });
    // The newest company batch has closed by the newest driver batch's end.
    const newestEnd = Date.parse(batches[0]?.interval_end as string);
    let listed = 0;
    for (const kind of ['deactivated', 'reactivated'] as const) {
      for (const b of batches) {
        const [from, to] = [Date.parse(b.interval_start), Date.parse(b.interval_end)];
        const expected = lines.filter(
          (l) =>
            l.change === kind &&
            Date.parse(l.effective_at) >= from &&
            Date.parse(l.effective_at) < to,
        ).length;
        expect(b[`${kind}_count`], `${b.batch_id} ${kind}`).toBe(expected);
        listed += expected;
      }
    }
    expect(listed).toBe(lines.filter((l) => Date.parse(l.effective_at) < newestEnd).length);
    // The world preset's rates make a few changes a day.
    expect(batches.reduce((n, b) => n + (b.deactivated_count ?? 0), 0)).toBeGreaterThan(0);
  });

  it('announces each batch (SSE `batch`) with the counts the list has', async () => {
    const { batches } = batchesSchema.parse((await api.call('/api/batches?limit=500')).body);
    const last = new Map(announced.map((m) => [m.batch_id, m]));
    let checked = 0;
    for (const b of batches) {
      const said = last.get(b.batch_id);
      if (!said) continue; // the baseline batch, committed before the listener
      expect([said.deactivated_count, said.reactivated_count], b.batch_id).toEqual([
        b.deactivated_count,
        b.reactivated_count,
      ]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(96);
    expect(announced.reduce((n, m) => n + (m.deactivated_count ?? 0), 0)).toBeGreaterThan(0);
  });

  it('counts the same after a restart, from raw/companies.jsonl', async () => {
    const { batches } = batchesSchema.parse((await api.call('/api/batches?limit=500')).body);
    const store = (api.service as unknown as { loop: LiveLoop }).loop.store;
    const reopened = new BatchIndex(store);
    reopened.load();
    expect(reopened.list(500)).toEqual(batches);
  });

  it("names the regions' time zones in health", async () => {
    const health = healthSchema.parse((await api.call('/api/health')).body);
    expect(health.regions?.time_zones).toEqual(DEFAULT_TIME_ZONES);
  });
});

describe('a dataset without lifecycle or regions', () => {
  let api: InProcessApi;
  beforeAll(async () => {
    api = startInProcessApi({ preset: 'emulated' });
    await waitFor('a batch', async () =>
      (await api.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
  });
  afterAll(() => api.stop());

  it('lists batches without change counts and health without regions', async () => {
    const { batches } = batchesSchema.parse((await api.call('/api/batches')).body);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      expect(b).not.toHaveProperty('deactivated_count');
      expect(b).not.toHaveProperty('reactivated_count');
    }
    expect(healthSchema.parse((await api.call('/api/health')).body).regions).toBeNull();
  });
});
