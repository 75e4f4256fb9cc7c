// GET /api/answers under load (issue 22): the engine's batchAnswer is wrapped to record every
// batch the service generates again, so the test sees how much work each request costs.
// Identical requests at once share one computation, different ones are computed one after the
// other (not interleaved, each holding its memory), and a new batch gives a new answer.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerSummarySchema } from '../../../shared/api.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';

const generated = vi.hoisted(() => [] as number[]);
vi.mock('../../engine/answer-key.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../engine/answer-key.ts')>();
  return {
    ...original,
    batchAnswer: (...args: Parameters<typeof original.batchAnswer>) => {
      generated.push(args[1]);
      return original.batchAnswer(...args);
    },
  };
});

describe('GET /api/answers under load', () => {
  let api: InProcessApi;
  const batches = async () => (await api.call('/api/health')).body.driver_batches as number;

  beforeAll(async () => {
    api = startInProcessApi({ preset: 'emulated-5s' });
    await waitFor('a batch', async () => ((await batches()) >= 1 ? true : undefined));
    api.clock.advance(20_000);
    await waitFor('five batches', async () => ((await batches()) >= 5 ? true : undefined));
  });
  afterAll(() => api.stop());

  it('computes a range once for six identical requests at once, and not again', async () => {
    generated.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.call('/api/answers?to=2024-01-02T00:00:00Z')),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const summary = answerSummarySchema.parse(answers[0]?.body);
    for (const a of answers) expect(a.body).toEqual(summary);
    expect(summary.batches).toBeGreaterThanOrEqual(5);
    expect(generated.length).toBe(summary.batches);
    const again = await api.call('/api/answers?to=2024-01-02T00:00:00Z');
    expect(again.body).toEqual(summary);
    expect(generated.length).toBe(summary.batches);
  });

  it('computes different ranges one after the other, not interleaved', async () => {
    const starts = batchesOnDisk(api.dir).map((b) => Date.parse(b.meta.interval_start) / 1000);
    const first = batchesOnDisk(api.dir)[0]?.meta.interval_start as string;
    generated.length = 0;
    // Two ranges with the same batches: two computations of the same length.
    const [all, fromFirst] = await Promise.all([
      api.call('/api/answers'),
      api.call(`/api/answers?from=${first}`),
    ]);
    expect([all.status, fromFirst.status]).toEqual([200, 200]);
    expect(answerSummarySchema.parse(fromFirst.body).batches).toBe(starts.length);
    expect(generated).toEqual([...starts, ...starts]);
  });

  it('gives a new answer once a new batch is committed', async () => {
    const before = answerSummarySchema.parse((await api.call('/api/answers')).body);
    const count = await batches();
    api.clock.advance(5_000);
    await waitFor('a new batch', async () => ((await batches()) > count ? true : undefined));
    generated.length = 0;
    const after = answerSummarySchema.parse((await api.call('/api/answers')).body);
    expect(after.batches).toBe(before.batches + 1);
    expect(after.last_batch).toBe(batchesOnDisk(api.dir).at(-1)?.id);
    expect(generated.length).toBe(after.batches);
  });
});
