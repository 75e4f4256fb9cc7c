// The HTTP API in-process (docs/api.md): a real
// generator on a manual clock, so a test closes an interval by advancing the clock instead of
// waiting for it. serve.test.ts runs the real `serve` over real HTTP.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionResultSchema,
  batchDetailSchema,
  batchesSchema,
  cleanResultSchema,
  configResultSchema,
  configViewSchema,
  errorSchema,
  healthSchema,
  invalidConfigSchema,
  logPageSchema,
  presetsSchema,
} from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';

/**
 * Real time for the scheduler (it looks every few milliseconds on the manual clock) to act
 * if it would: only for checking that something does NOT happen.
 */
const letSchedulerLook = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the API on emulated-5s', () => {
  let api: InProcessApi;
  let dir: string;
  let call: InProcessApi['call'];

  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
    dir = api.dir;
    call = api.call;
  });
  afterAll(() => api.stop());

  it('commits a driver batch as each interval closes, each complete, counters matching the disk', async () => {
    const t0 = Date.now();
    await waitFor('the baseline batch', async () =>
      parsed(healthSchema, (await call('/api/health')).body).driver_batches >= 1 ? true : undefined,
    );
    api.clock.advance(5_000); // 12:00:07: the 12:00:00 interval has closed
    const health = await waitFor(
      'two driver batches',
      async () => {
        const h = parsed(healthSchema, (await call('/api/health')).body);
        return h.driver_batches >= 2 ? h : undefined;
      },
      12_000,
    );
    expect(Date.now() - t0).toBeLessThan(12_000);
    const onDisk = batchesOnDisk(dir);
    for (const b of onDisk) {
      expect(b.meta.record_count).toBe(b.meta.event_count + b.meta.corrupted_count);
      expect(b.lines).toBe(b.meta.record_count);
      expect(b.id).toBe(b.meta.batch_id);
    }
    const now = parsed(healthSchema, (await call('/api/health')).body);
    const disk = batchesOnDisk(dir);
    expect(now.driver_batches).toBe(disk.length);
    expect(now.totals.events).toBe(disk.reduce((sum, b) => sum + b.meta.event_count, 0));
    expect(now.verification).toMatchObject({
      companies_exists: true,
      events_exists: true,
      event_file_count: disk.length,
      missing: [],
    });
    expect(health.status).toBe('running');
    // Batches are never produced for an open interval: only two have closed by 12:00:07.
    expect(disk.length).toBe(2);
    for (const b of disk)
      expect(Date.parse(b.meta.interval_end)).toBeLessThanOrEqual(
        Date.parse(b.meta.generation_time),
      );
  });

  it('works through the seed document snippets in order', async () => {
    // curl -s /api/health | jq .status
    expect((await call('/api/health')).body.status).toBe('running');
    // {mode:.generation_mode, config:.emulated_config}
    const h = parsed(healthSchema, (await call('/api/health')).body);
    expect({ mode: h.generation_mode, config: h.emulated_config }).toEqual({
      mode: 'emulated',
      config: {
        company_interval_seconds: 5,
        driver_interval_seconds: 5,
        companies_per_batch: 5,
        events_per_batch_range: [3, 10],
      },
    });
    // clean while running: 400 pause_required
    const refused = await call('/api/clean', { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, error: 'pause_required' });
    parsed(errorSchema, refused.body);
    // curl -s -X POST /api/pause | jq .status
    const paused = await call('/api/pause', { method: 'POST' });
    expect(parsed(actionResultSchema, paused.body)).toMatchObject({
      action: 'pause',
      success: true,
      status: 'paused',
    });
    expect((await call('/api/pause', { method: 'POST' })).body.status).toBe('paused'); // idempotent
    const before = batchesOnDisk(dir).length;
    api.clock.advance(6_000); // an interval closes while paused
    await letSchedulerLook();
    expect(batchesOnDisk(dir).length).toBe(before);
    expect((await call('/api/health')).body.status).toBe('paused');
    // clean while paused
    const cleaned = await call('/api/clean', { method: 'POST' });
    expect(cleaned.status).toBe(200);
    const clean = parsed(cleanResultSchema, cleaned.body);
    expect(clean.deleted_count).toBeGreaterThan(0);
    expect(clean.deleted_items).toContain('raw/companies.jsonl');
    expect(existsSync(join(dir, 'raw', 'companies.jsonl'))).toBe(false);
    expect(readdirSync(join(dir, 'raw', 'events'))).toEqual([]);
    expect(existsSync(join(dir, 'manifests', 'logs'))).toBe(true);
    // resume: the baseline is regenerated at once
    const resumed = parsed(
      actionResultSchema,
      (await call('/api/resume', { method: 'POST' })).body,
    );
    expect(resumed.status).toBe('running');
    expect(resumed.extra.baseline_actions).toEqual(['companies:10', 'driver_batch:1']);
    expect(resumed.extra.auto_reinit?.performed).toBe(true);
    expect(resumed.extra.auto_reinit?.missing_files.length).toBe(2);
    expect(batchesOnDisk(dir).length).toBe(1);
    const after = parsed(healthSchema, (await call('/api/health')).body);
    expect(after.auto_reinit.performed).toBe(true);
    expect(after.driver_batches).toBe(1);
    // logs?limit=5 | .entries[] | {ts,level,message}
    const five = parsed(logPageSchema, (await call('/api/logs?limit=5')).body);
    expect(five.entries.length).toBe(5);
    expect(five.totalReturned).toBe(5);
    const times = five.entries.map((e) => e.ts);
    expect([...times].sort().reverse()).toEqual(times);
    // logs?limit=10&level=error | .totalReturned (a run this short logs no error of its own)
    api.service.log.error('writing a batch failed (logged by the test)', {});
    const errors = parsed(logPageSchema, (await call('/api/logs?limit=10&level=error')).body);
    expect(errors.entries.length).toBeGreaterThan(0);
    expect(errors.entries.every((e) => e.level === 'error')).toBe(true);
    expect(errors.entries.map((e) => e.message)).toContain(
      'writing a batch failed (logged by the test)',
    );
    expect(errors.totalReturned).toBe(errors.entries.length);
    // since=nextSince returns only newer entries
    const since = five.nextSince as string;
    const newer = parsed(
      logPageSchema,
      (await call(`/api/logs?since=${encodeURIComponent(since)}&limit=5`)).body,
    );
    expect(newer.entries.length).toBeGreaterThan(0); // the error logged above
    for (const e of newer.entries) expect(compareCursorText(e.cursor, since)).toBeGreaterThan(0);
    const latest = newer.nextSince as string;
    api.clock.advance(5_000); // the next interval closes: its batch is logged
    await waitFor(
      'a new log line',
      async () => {
        const page = parsed(
          logPageSchema,
          (await call(`/api/logs?since=${encodeURIComponent(latest)}&limit=5`)).body,
        );
        return page.entries.length > 0 ? page : undefined;
      },
      8_000,
    );
  });

  it('pages through logs with since and before without repeats or gaps', async () => {
    const all = parsed(logPageSchema, (await call('/api/logs?limit=1000')).body).entries;
    expect(all.length).toBeGreaterThan(10);
    // backwards with before=nextBefore
    const back: string[] = [];
    let page = parsed(logPageSchema, (await call('/api/logs?limit=3')).body);
    const newestCursor = page.entries[0]?.cursor as string;
    while (page.entries.length > 0) {
      back.push(...page.entries.map((e) => e.cursor));
      page = parsed(
        logPageSchema,
        (await call(`/api/logs?limit=3&before=${encodeURIComponent(page.nextBefore as string)}`))
          .body,
      );
    }
    const expected = all
      .map((e) => e.cursor)
      .filter((c) => compareCursorText(c, newestCursor) <= 0);
    expect(expected.length).toBeGreaterThan(10);
    expect(back.slice(0, expected.length)).toEqual(expected);
    expect(new Set(back).size).toBe(back.length);
    // forwards with since=nextSince from the oldest
    const oldest = all[all.length - 1] as { cursor: string };
    const forward: string[] = [];
    let cursor = oldest.cursor;
    for (let i = 0; i < 200; i++) {
      const p = parsed(
        logPageSchema,
        (await call(`/api/logs?limit=4&since=${encodeURIComponent(cursor)}`)).body,
      );
      if (p.entries.length === 0) break;
      forward.push(...p.entries.map((e) => e.cursor).reverse());
      cursor = p.nextSince as string;
    }
    expect(new Set(forward).size).toBe(forward.length);
    const sortedAll = all
      .map((e) => e.cursor)
      .reverse()
      .slice(1);
    expect(forward.slice(0, sortedAll.length)).toEqual(sortedAll);
  });

  it('lists presets, shows the config and recent batches', async () => {
    const presets = parsed(presetsSchema, (await call('/api/presets')).body);
    expect(presets.presets.map((p) => p.name)).toEqual([
      'base',
      'emulated',
      'emulated-30s',
      'emulated-5s',
      'late-data',
      'quality-injection',
      'scaling',
      'small',
      'world',
    ]);
    expect(presets.active).toBe('emulated-5s');
    const config = parsed(configViewSchema, (await call('/api/config')).body);
    expect(config.preset).toBe('emulated-5s');
    const batches = parsed(batchesSchema, (await call('/api/batches?limit=2')).body);
    expect(batches.batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.batches.length).toBeLessThanOrEqual(2);
    const ids = batchesOnDisk(dir)
      .map((b) => b.id)
      .reverse();
    expect(batches.batches.map((b) => b.batch_id)).toEqual(ids.slice(0, batches.batches.length));
    // One batch with its first lines, as on disk.
    const newest = ids[0] as string;
    const detail = parsed(batchDetailSchema, (await call(`/api/batches/${newest}?lines=2`)).body);
    expect(detail.meta.batch_id).toBe(newest);
    const lines = readFileSync(join(dir, 'raw', 'events', newest, 'events.jsonl'), 'utf8');
    expect(detail.sample).toEqual(lines.split('\n').slice(0, 2));
  });

  it('answers bad input with JSON errors and changes nothing', async () => {
    const configBefore = (await call('/api/config')).body;
    const cases: Array<[string, RequestInit & { json?: unknown }, number, string]> = [
      ['/api/logs?level=loud', {}, 400, 'invalid_level'],
      ['/api/logs?since=yesterday', {}, 400, 'invalid_since'],
      ['/api/logs?since=1700000000', {}, 400, 'invalid_since'],
      ['/api/logs?before=2024-01-01T00:00:00Z%23x', {}, 400, 'invalid_before'],
      ['/api/batches?limit=-1', {}, 400, 'invalid_limit'],
      ['/api/batches/20240101T120000Z?lines=0', {}, 400, 'invalid_lines'],
      ['/api/batches/20200101T000000Z', {}, 404, 'batch_not_found'],
      ['/api/batches/not-a-batch', {}, 404, 'batch_not_found'],
      ['/api/nope', {}, 404, 'not_found'],
      ['/health', {}, 404, 'not_found'],
      ['/api/health', { method: 'POST' }, 405, 'method_not_allowed'],
      [
        '/api/config',
        { method: 'POST', json: { preset: 'no-such-preset' } },
        400,
        'invalid_config',
      ],
      [
        '/api/config',
        { method: 'POST', json: { yaml: 'number_of_companies: 0\n' } },
        400,
        'invalid_config',
      ],
      [
        '/api/config',
        { method: 'POST', json: { yaml: 'seed: 1\n---\nseed: 2\n' } },
        400,
        'invalid_config',
      ],
      ['/api/logs?before=2024-02-30T00:00:00Z', {}, 400, 'invalid_before'],
      ['/api/config', { method: 'POST', json: { color: 'blue' } }, 400, 'invalid_request'],
      [
        '/api/config',
        { method: 'POST', body: '{"preset":', headers: { 'content-type': 'application/json' } },
        400,
        'invalid_json',
      ],
      [
        '/api/backfill',
        { method: 'POST', json: { from: '2024-01-01T00:00:00Z' } },
        409,
        'backfill_requires_clean_paused',
      ],
      ['/api/backfill', { method: 'POST', json: { from: 'last week' } }, 400, 'invalid_request'],
      [
        '/api/backfill',
        { method: 'POST', json: { from: '2024-02-30T00:00:00Z' } },
        400,
        'invalid_request',
      ],
      ['/api/backfill/cancel', { method: 'POST' }, 409, 'no_backfill'],
      ['/api/spark/jobs', { method: 'POST', json: { job: 'platinum' } }, 400, 'invalid_request'],
      ['/api/spark/jobs', { method: 'POST', json: { job: 'bronze' } }, 409, 'spark_not_running'],
      [
        '/api/spark/up',
        { method: 'POST', json: { backend: 'kubernetes' } },
        400,
        'invalid_request',
      ],
      ['/api/spark/logs?limit=0', {}, 400, 'invalid_limit'],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await call(path, init);
      expect(r.status, path).toBe(status);
      expect(parsed(errorSchema, r.body).error, path).toBe(code);
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    }
    const legacy = await call('/health');
    expect(legacy.body.message).toMatch(/\/api\/health/);
    const wrong = await call('/api/health', { method: 'DELETE' });
    expect(wrong.headers.get('allow')).toBe('GET');
    const invalid = parsed(
      invalidConfigSchema,
      (await call('/api/config', { method: 'POST', json: { yaml: 'number_of_companies: 0\n' } }))
        .body,
    );
    expect((invalid.issues ?? []).map((i) => i.path)).toContain('number_of_companies');
    expect((await call('/api/config')).body).toEqual(configBefore);
    expect(api.spark.calls.filter((c) => c.startsWith('up'))).toEqual([]); // refused before Spark
  });

  it('switches preset at the next interval as a new epoch', async () => {
    const r = await call('/api/config', { method: 'POST', json: { preset: 'emulated' } });
    const result = parsed(configResultSchema, r.body);
    expect(result).toMatchObject({ success: true, changed: true, preset: 'emulated' });
    const at = Date.parse(result.effective_at as string);
    expect(at).toBeGreaterThan(api.clock.now() - 100);
    expect(at).toBeLessThanOrEqual(api.clock.now() + 5_100);
    expect((await call('/api/config')).body.pending).toMatchObject({ preset: 'emulated' });
    api.clock.advance(at - api.clock.now() + 1);
    await waitFor(
      'the new epoch',
      async () => {
        const h = parsed(healthSchema, (await call('/api/health')).body);
        return h.preset === 'emulated' && h.emulated_config?.driver_interval_seconds === 10
          ? h
          : undefined;
      },
      8_000,
    );
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    expect(state.epochs.map((e: { preset: string }) => e.preset).slice(-2)).toEqual([
      'emulated-5s',
      'emulated',
    ]);
    // Batches after the switch are 10 s long and on the 10 s grid.
    api.clock.advance(20_000);
    const latest = await waitFor(
      'a 10 s batch',
      () => {
        const b = batchesOnDisk(dir).at(-1);
        return b && Date.parse(b.meta.interval_end) - Date.parse(b.meta.interval_start) === 10_000
          ? b
          : undefined;
      },
      15_000,
    );
    expect(Date.parse(latest.meta.interval_start) % 10_000).toBe(0);
  });

  it('describes every route and response seen in these tests in its OpenAPI document', async () => {
    expectDocumented((await call('/api/openapi.json')).body, api.seen);
  });
});
