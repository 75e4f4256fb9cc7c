// The watermark model against a direct reading of its definition (for each delay, each batch's
// watermark and each row's window end), on batches with late rows; and a worked example.
import { describe, expect, it } from 'vitest';
import { Xor128 } from '../random.ts';
import { WatermarkDrops, watermarkDelays } from './watermark-drops.ts';

const STEP = 900;
const STEP_MS = STEP * 1000;

/** Spark's rule read literally: batch by batch, the watermark from the rows before it. */
function droppedByDefinition(batches: number[][], delayS: number): number {
  let max = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  for (const rows of batches) {
    const watermark = max - delayS * 1000;
    for (const ms of rows) if ((Math.floor(ms / STEP_MS) + 1) * STEP_MS <= watermark) dropped++;
    for (const ms of rows) max = Math.max(max, ms);
  }
  return dropped;
}

function model(batches: number[][]): WatermarkDrops {
  const drops = new WatermarkDrops();
  for (const rows of batches) {
    drops.nextBatch();
    for (const ms of rows) drops.add(ms, STEP);
  }
  return drops;
}

describe('rows dropped by a watermark', () => {
  it('follows the definition, for whole intervals and any delay between', () => {
    // 40 batches; each row on time or late by 1..3 intervals; some batches skipped (empty).
    const rng = new Xor128(7, 99, 5, 3);
    const batches: number[][] = [];
    for (let b = 0; b < 40; b++) {
      const rows: number[] = [];
      const n = b % 9 === 4 ? 0 : 5 + rng.below(20);
      for (let i = 0; i < n; i++) {
        const late = rng.below(10) < 7 ? 0 : 1 + rng.below(3);
        rows.push((b - late) * STEP_MS + rng.below(STEP_MS));
      }
      batches.push(rows);
    }
    const drops = model(batches);
    const delays = [...watermarkDelays(STEP, 3), 1, 450, 899, 901, 1799, 2700.5];
    const expected = delays.map((d) => droppedByDefinition(batches, d));
    expect(delays.map((d) => drops.dropped(d))).toEqual(expected);
    // Late data is there to drop: at 0 some rows go, at max+1 intervals none.
    expect(expected[0]).toBeGreaterThan(0);
    expect(drops.dropped(4 * STEP)).toBe(0);
    expect(drops.rows([0, STEP])).toEqual([
      { delay_seconds: 0, rows_dropped: expected[0] },
      { delay_seconds: STEP, rows_dropped: expected[1] },
    ]);
  });

  it('keeps a row late by one interval even at delay 0, and drops one late by two', () => {
    const drops = new WatermarkDrops();
    drops.nextBatch(); // batch 00:00: nothing before it, so no watermark
    drops.add(100_000, STEP); // 00:01:40
    drops.add(800_000, STEP); // 00:13:20
    drops.nextBatch(); // batch 00:15: watermark 00:13:20 - delay
    drops.add(1_000_000, STEP); // on time
    drops.add(500_000, STEP); // late by one: window ends 00:15 > 00:13:20: kept
    drops.nextBatch(); // batch 00:30: watermark 00:16:40 - delay
    drops.add(200_000, STEP); // late by two: window ends 00:15 <= 00:16:40: dropped at delay 0
    expect(drops.dropped(0)).toBe(1);
    expect(drops.dropped(100)).toBe(1); // 00:16:40 - 100 s = 00:15:00: still <= the end
    expect(drops.dropped(100.001)).toBe(0);
    expect(drops.dropped(STEP)).toBe(0);
  });

  it('lists delays from 0 to max + 1 intervals', () => {
    expect(watermarkDelays(300, 3)).toEqual([0, 300, 600, 900, 1200]);
  });
});
