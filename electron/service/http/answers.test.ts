// GET /api/answers on a live emulated dataset: the summary agrees with the batches on disk,
// and bad ranges get a 400 that says what to send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSummarySchema } from '../../../shared/api.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';

describe('GET /api/answers', () => {
  let api: InProcessApi;

  beforeAll(async () => {
    api = startInProcessApi({ preset: 'emulated-5s' });
    await waitFor('a batch', async () =>
      (await api.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
    api.clock.advance(10_000);
    await waitFor('three batches', async () =>
      (await api.call('/api/health')).body.driver_batches >= 3 ? true : undefined,
    );
  });
  afterAll(() => api.stop());

  it('summarizes the committed batches as the generator made them', async () => {
    const { status, body } = await api.call('/api/answers');
    expect(status).toBe(200);
    const summary = answerSummarySchema.parse(body);
    const disk = batchesOnDisk(api.dir);
    expect(summary.batches).toBe(disk.length);
    expect(summary.lines).toBe(disk.reduce((n, b) => n + b.lines, 0));
    expect(summary.valid_events).toBe(disk.reduce((n, b) => n + b.meta.event_count, 0));
    expect(summary.gold.events).toBe(summary.valid_events);
    expect(summary.first_batch).toBe(disk[0]?.id);
  });

  it('takes from/to (an empty range has an empty answer), and refuses what is no time', async () => {
    const disk = batchesOnDisk(api.dir);
    const second = disk[1]?.meta.interval_start as string;
    const { body } = await api.call(`/api/answers?from=${second}`);
    expect(answerSummarySchema.parse(body).batches).toBe(disk.length - 1);
    const bad = await api.call('/api/answers?from=yesterday');
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_from']);
    const empty = await api.call(`/api/answers?from=${second}&to=${second}`);
    expect(empty.status).toBe(200);
    expect(answerSummarySchema.parse(empty.body).batches).toBe(0);
    const blank = await api.call('/api/answers?from=&to=');
    expect(answerSummarySchema.parse(blank.body).batches).toBe(disk.length);
  });
});
