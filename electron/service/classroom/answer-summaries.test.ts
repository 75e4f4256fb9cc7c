// Answer summaries for the API, on real data folders: one computation per range and dataset
// version however many ask, one computation at a time, and a new batch or a new dataset in the
// same folder gives a new answer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../testing/presets.ts';
import { createLogger } from '../logs/logger.ts';
import { generateRange } from '../production/generate.ts';
import { AnswerSummaries } from './answer-summaries.ts';
import { type AnswerRange, AnswersError, answerSource, summarizeAnswers } from './answers.ts';

const log = createLogger({ dir: undefined, component: 'test' });
const hour = (h: number) => Date.UTC(2024, 0, 1, h);
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-summaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

async function dataset(toHour: number, seed?: number, dir = join(scratch, `d${n++}`)) {
  await generateRange({
    dataDir: dir,
    config: presetConfig('quality-injection'),
    ...(seed === undefined ? {} : { seed }),
    fromMs: hour(0),
    toMs: hour(toHour),
    workers: 1,
    log,
  });
  return dir;
}

/** The summary computed directly, without the cache. */
const reference = (dir: string, range: AnswerRange = {}) =>
  summarizeAnswers(answerSource(dir, range));

describe('AnswerSummaries', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await dataset(2);
  }, 60_000);

  it('computes a range once however many ask at the same time, and keeps it', async () => {
    const summaries = new AnswerSummaries();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => summaries.summarize(answerSource(dir))),
    );
    expect(summaries.computations).toBe(1);
    const expected = await reference(dir);
    expect(expected.batches).toBe(8);
    for (const answer of answers) expect(answer).toEqual(expected);
    expect(await summaries.summarize(answerSource(dir))).toEqual(expected);
    expect(summaries.computations).toBe(1);
  });

  it('computes one summary at a time: the next waits while one is between batches', async () => {
    let release = () => {};
    let reached = () => {};
    const atGate = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let turns = 0;
    const summaries = new AnswerSummaries({
      betweenBatches: async () => {
        turns++;
        reached();
        await gate;
      },
    });
    const first = summaries.summarize(answerSource(dir));
    await atGate;
    const secondRange = { fromS: hour(1) / 1000 };
    let secondDone = false;
    const second = summaries.summarize(answerSource(dir, secondRange)).then((s) => {
      secondDone = true;
      return s;
    });
    // The first is held between its first two batches: the second has not started, however
    // many turns the event loop takes.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect([summaries.computations, turns, secondDone]).toEqual([1, 1, false]);
    release();
    expect(await first).toEqual(await reference(dir));
    expect(await second).toEqual(await reference(dir, secondRange));
    expect(summaries.computations).toBe(2);
    expect(turns).toBe(8 + 4);
  });

  it('gives a new answer for a new batch, and for a new dataset in the same folder', async () => {
    const folder = await dataset(1);
    const summaries = new AnswerSummaries();
    expect((await summaries.summarize(answerSource(folder))).batches).toBe(4);
    await dataset(2, undefined, folder);
    const grown = await summaries.summarize(answerSource(folder));
    expect(grown.batches).toBe(8);
    expect(grown).toEqual(await reference(folder));
    // Cleaned and generated again with another seed: the same batch ids and one epoch.
    rmSync(folder, { recursive: true });
    await dataset(2, 777, folder);
    const other = await summaries.summarize(answerSource(folder));
    expect(other.last_batch).toBe(grown.last_batch);
    expect(other.valid_events).not.toBe(grown.valid_events);
    expect(other).toEqual(await reference(folder));
    expect(summaries.computations).toBe(3);
  }, 60_000);

  it('keeps the newest summaries only', async () => {
    const summaries = new AnswerSummaries({ keep: 1 });
    const later = { fromS: hour(1) / 1000 };
    await summaries.summarize(answerSource(dir));
    await summaries.summarize(answerSource(dir, later));
    await summaries.summarize(answerSource(dir, later));
    expect(summaries.computations).toBe(2);
    await summaries.summarize(answerSource(dir));
    expect(summaries.computations).toBe(3);
  });

  it('keeps no failure: a folder put right is computed again', async () => {
    const folder = await dataset(1);
    const meta = join(folder, 'raw', 'events', '20240101T001500Z', 'batch_meta.json');
    const text = readFileSync(meta, 'utf8');
    const parsed = JSON.parse(text);
    writeFileSync(meta, JSON.stringify({ ...parsed, record_count: parsed.record_count + 1 }));
    const summaries = new AnswerSummaries();
    const failed = await summaries.summarize(answerSource(folder)).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(AnswersError);
    expect((failed as AnswersError).code).toBe('dataset_mismatch');
    writeFileSync(meta, text);
    expect((await summaries.summarize(answerSource(folder))).batches).toBe(4);
    expect(summaries.computations).toBe(2);
  }, 60_000);
});
