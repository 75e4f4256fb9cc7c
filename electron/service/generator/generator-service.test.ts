// The scheduler and lifecycle in-process, on a manual clock: downtime, pauses, catch-up, backfill.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackfillStatus } from '../../../shared/api.ts';
import { presetConfig } from '../../testing/presets.ts';
import { waitFor } from '../../testing/serve.ts';
import { ManualClock } from '../kernel/manual-clock.ts';
import { GeneratorService } from './generator-service.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-service-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

const T0 = Date.UTC(2024, 0, 1, 12, 0, 2);
const config = presetConfig('emulated-5s');

function start(
  dir: string,
  clock: ManualClock,
  extra: { startPaused?: boolean; config?: typeof config } = {},
) {
  return GeneratorService.start({
    dataDir: dir,
    fallbackConfig: config,
    config: extra.config,
    workers: 1,
    clock,
    durable: false,
    startPaused: extra.startPaused ?? false,
  });
}

const batchIds = (dir: string) =>
  readdirSync(join(dir, 'raw', 'events'))
    .filter((x) => !x.startsWith('.'))
    .sort();
const idAt = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('.000', '');

describe('GeneratorService scheduling', () => {
  it('produces each interval once, right after it closes, never an open one', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    const service = start(dir, clock);
    // Starts one interval in the past: the baseline batch [11:59:55, 12:00:00) comes at once.
    await waitFor('baseline', () => (batchIds(dir).length === 1 ? true : undefined));
    expect(batchIds(dir)).toEqual([idAt(T0 - 2000 - 5000)]);
    clock.advance(2_500); // 12:00:04.5: the 12:00:00 interval is still open
    await new Promise((r) => setTimeout(r, 100));
    expect(batchIds(dir).length).toBe(1);
    clock.advance(600); // 12:00:05.1: it has closed
    await waitFor('next batch', () => (batchIds(dir).length === 2 ? true : undefined));
    expect(batchIds(dir).at(-1)).toBe(idAt(Date.UTC(2024, 0, 1, 12)));
    await service.stop();
  });

  it('catches up at most catch_up_limit intervals after downtime and logs the rest as skipped', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    let service = start(dir, clock);
    await waitFor('baseline', () => (batchIds(dir).length === 1 ? true : undefined));
    await service.stop();
    clock.advance(200 * 5000); // 200 intervals while the app was closed
    service = start(dir, clock);
    await waitFor('catch-up', () => (batchIds(dir).length === 1 + 96 ? true : undefined), 30_000);
    const ids = batchIds(dir);
    // The newest 96 closed intervals, contiguous up to now.
    const lastClosed = Math.floor(clock.now() / 5000) * 5000 - 5000;
    expect(ids.at(-1)).toBe(idAt(lastClosed));
    expect(ids[1]).toBe(idAt(lastClosed - 95 * 5000));
    const logs = service.logs.query({ limit: 1000 }).entries;
    const skipped = logs.find((e) => /beyond catch_up_limit/.test(e.message));
    expect(skipped?.context).toMatchObject({ skipped_intervals: 200 - 96, catch_up_limit: 96 });
    expect(logs.some((e) => e.message === 'catching up missed intervals')).toBe(true);
    await service.stop();
  });

  it('skips the intervals that start while paused, and keeps paused across a restart', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    let service = start(dir, clock);
    await waitFor('baseline', () => (batchIds(dir).length === 1 ? true : undefined));
    await service.pause();
    clock.advance(60_000);
    await service.stop();
    service = start(dir, clock);
    expect(service.health().status).toBe('paused');
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(batchIds(dir).length).toBe(1);
    const resumed = await service.resume();
    expect(resumed.extra.baseline_actions).toEqual([]);
    const resumedAt = clock.now();
    // The interval that started before the resume is skipped; the next one closes within 10 s.
    clock.advance(10_100);
    await waitFor('a batch after resume', () => (batchIds(dir).length === 2 ? true : undefined));
    // The next batch is the first interval that started after the resume.
    expect(batchIds(dir)[1]).toBe(idAt(Math.ceil(resumedAt / 5000) * 5000));
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.epochs[0].skipped.length).toBe(1);
    await service.stop();
  });

  it('backfills a clean, paused dataset from a past time with progress, then goes on live', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    const service = start(dir, clock, { startPaused: true });
    const progress: BackfillStatus[] = [];
    service.events.on('backfill', (s) => progress.push(s));
    const from = Date.UTC(2024, 0, 1, 11); // an hour before the last closed interval ends
    const started = await service.backfill(from);
    expect(started.running).toBe(true);
    const done = await waitFor('backfill', () => progress.find((p) => !p.running), 60_000);
    expect(done.cancelled).toBe(false);
    expect(done.error).toBeNull();
    // One hour of 5 s intervals up to the last closed one.
    expect(batchIds(dir).length).toBe(720);
    expect(progress.some((p) => p.running && p.done > 0 && p.done < p.total)).toBe(true);
    expect(service.health().status).toBe('running');
    clock.advance(5_000);
    await waitFor('live batch', () => (batchIds(dir).length === 721 ? true : undefined));
    await service.stop();
  });

  it('refuses a backfill too large for one run at once, saying its size, and changes nothing', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    const service = start(dir, clock, { startPaused: true });
    await expect(service.backfill(0)).rejects.toMatchObject({
      status: 400,
      code: 'range_too_large',
      message: expect.stringMatching(
        /^a backfill from 1970-01-01T00:00:00Z to 2024-01-01T12:00:02Z would make 340,822,081 driver batches and about [\d,]+ events/,
      ),
    });
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.epochs).toEqual([]);
    expect(service.health().can_backfill).toBe(true);
    // A range within the limits still starts.
    expect((await service.backfill(T0 - 60_000)).running).toBe(true);
    await service.stop();
  });

  it('refuses to join a class whose catch-up would be too large, changing nothing', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    const service = start(dir, clock, { startPaused: true });
    const target = { seed: 1, startSeconds: Date.UTC(2020, 0, 1) / 1000, companyOffset: 0 };
    await expect(service.join(target, config)).rejects.toMatchObject({
      status: 400,
      code: 'range_too_large',
      message: expect.stringMatching(/^catching up with this class from 2020-01-01T00:00:00Z to /),
    });
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.epochs).toEqual([]);
    // A class that started an hour ago is joined.
    const recent = { ...target, startSeconds: Math.floor(T0 / 1000 / 5) * 5 - 3600 };
    expect((await service.join(recent, config)).class_code).toMatch(/^[0-9A-Z-]+$/);
    await service.stop();
  });

  it('refuses a backfill on a dataset that has data', async () => {
    const dir = join(scratch, `d${n++}`);
    const clock = new ManualClock(T0);
    const service = start(dir, clock);
    await waitFor('baseline', () => (batchIds(dir).length === 1 ? true : undefined));
    await service.pause();
    await expect(service.backfill(T0 - 60_000)).rejects.toMatchObject({
      status: 409,
      code: 'backfill_requires_clean_paused',
    });
    await service.stop();
  });
});
