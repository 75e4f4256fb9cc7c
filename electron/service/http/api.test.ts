// The HTTP API against the real `serve` process over real HTTP (CONTRACT section 5).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actionResultSchema,
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
import { runCli } from '../../testing/cli.ts';
import { type Served, serve, sleep, waitFor } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-api-'));
const servers: Served[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});
let n = 0;
const freshDir = () => join(scratch, `d${n++}`);

async function started(args: string[]): Promise<Served> {
  const s = await serve(args);
  servers.push(s);
  return s;
}

function parsed<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new Error(
      `response does not match its schema: ${JSON.stringify(result.error.issues.slice(0, 3))}\n${JSON.stringify(body).slice(0, 400)}`,
    );
  return result.data;
}

function batchesOnDisk(dir: string) {
  const events = join(dir, 'raw', 'events');
  return readdirSync(events)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((id) => {
      const meta = JSON.parse(readFileSync(join(events, id, 'batch_meta.json'), 'utf8'));
      const lines = readFileSync(join(events, id, 'events.jsonl'), 'utf8').split('\n').length - 1;
      return { id, meta, lines };
    });
}

const allSeen: Served['seen'] = [];

describe('serve with emulated-5s', () => {
  let s: Served;
  let dir: string;

  beforeAll(async () => {
    dir = freshDir();
    s = await started(['--preset', 'emulated-5s', '--data-dir', dir]);
  });
  afterAll(() => {
    allSeen.push(...s.seen);
  });

  it('commits at least two driver batches within 12 seconds, each complete, counters matching the disk', async () => {
    const t0 = Date.now();
    const health = await waitFor(
      'two driver batches',
      async () => {
        const h = parsed(healthSchema, (await s.call('/api/health')).body);
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
    const now = parsed(healthSchema, (await s.call('/api/health')).body);
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
    // Batches are never produced for an open interval.
    for (const b of disk)
      expect(Date.parse(b.meta.interval_end)).toBeLessThanOrEqual(
        Date.parse(b.meta.generation_time),
      );
  });

  it('works through the seed document snippets in order', async () => {
    // curl -s /api/health | jq .status
    expect((await s.call('/api/health')).body.status).toBe('running');
    // {mode:.generation_mode, config:.emulated_config}
    const h = parsed(healthSchema, (await s.call('/api/health')).body);
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
    const refused = await s.call('/api/clean', { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, error: 'pause_required' });
    parsed(errorSchema, refused.body);
    // curl -s -X POST /api/pause | jq .status
    const paused = await s.call('/api/pause', { method: 'POST' });
    expect(parsed(actionResultSchema, paused.body)).toMatchObject({
      action: 'pause',
      success: true,
      status: 'paused',
    });
    expect((await s.call('/api/pause', { method: 'POST' })).body.status).toBe('paused'); // idempotent
    const before = batchesOnDisk(dir).length;
    await sleep(6_000);
    expect(batchesOnDisk(dir).length).toBe(before);
    expect((await s.call('/api/health')).body.status).toBe('paused');
    // clean while paused
    const cleaned = await s.call('/api/clean', { method: 'POST' });
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
      (await s.call('/api/resume', { method: 'POST' })).body,
    );
    expect(resumed.status).toBe('running');
    expect(resumed.extra.baseline_actions).toEqual(['companies:10', 'driver_batch:1']);
    expect(resumed.extra.auto_reinit?.performed).toBe(true);
    expect(resumed.extra.auto_reinit?.missing_files.length).toBe(2);
    expect(batchesOnDisk(dir).length).toBe(1);
    const after = parsed(healthSchema, (await s.call('/api/health')).body);
    expect(after.auto_reinit.performed).toBe(true);
    expect(after.driver_batches).toBe(1);
    // logs?limit=5 | .entries[] | {ts,level,message}
    const five = parsed(logPageSchema, (await s.call('/api/logs?limit=5')).body);
    expect(five.entries.length).toBe(5);
    expect(five.totalReturned).toBe(5);
    const times = five.entries.map((e) => e.ts);
    expect([...times].sort().reverse()).toEqual(times);
    // logs?limit=10&level=error | .totalReturned
    const errors = parsed(logPageSchema, (await s.call('/api/logs?limit=10&level=error')).body);
    expect(errors.entries.every((e) => e.level === 'error')).toBe(true);
    expect(errors.totalReturned).toBe(errors.entries.length);
    // since=nextSince returns only newer entries
    const since = five.nextSince as string;
    const newer = parsed(
      logPageSchema,
      (await s.call(`/api/logs?since=${encodeURIComponent(since)}&limit=5`)).body,
    );
    for (const e of newer.entries)
      expect(e.cursor > since || e.ts > since.split('#')[0]!).toBe(true);
    await waitFor(
      'a new log line',
      async () => {
        const page = parsed(
          logPageSchema,
          (await s.call(`/api/logs?since=${encodeURIComponent(since)}&limit=5`)).body,
        );
        return page.entries.length > 0 ? page : undefined;
      },
      8_000,
    );
  });

  it('pages through logs with since and before without repeats or gaps', async () => {
    const all = parsed(logPageSchema, (await s.call('/api/logs?limit=1000')).body).entries;
    expect(all.length).toBeGreaterThan(10);
    // backwards with before=nextBefore
    const back: string[] = [];
    let page = parsed(logPageSchema, (await s.call('/api/logs?limit=3')).body);
    const newestCursor = page.entries[0]?.cursor as string;
    while (page.entries.length > 0) {
      back.push(...page.entries.map((e) => e.cursor));
      page = parsed(
        logPageSchema,
        (await s.call(`/api/logs?limit=3&before=${encodeURIComponent(page.nextBefore as string)}`))
          .body,
      );
    }
    const expected = all.map((e) => e.cursor).filter((c) => c <= newestCursor);
    expect(back.slice(0, expected.length)).toEqual(expected);
    expect(new Set(back).size).toBe(back.length);
    // forwards with since=nextSince from the oldest
    const oldest = all[all.length - 1] as { cursor: string };
    const forward: string[] = [];
    let cursor = oldest.cursor;
    for (let i = 0; i < 200; i++) {
      const p = parsed(
        logPageSchema,
        (await s.call(`/api/logs?limit=4&since=${encodeURIComponent(cursor)}`)).body,
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
    const presets = parsed(presetsSchema, (await s.call('/api/presets')).body);
    expect(presets.presets.map((p) => p.name)).toEqual([
      'base',
      'emulated',
      'emulated-30s',
      'emulated-5s',
      'quality-injection',
      'scaling',
      'small',
    ]);
    expect(presets.active).toBe('emulated-5s');
    const config = parsed(configViewSchema, (await s.call('/api/config')).body);
    expect(config.preset).toBe('emulated-5s');
    const batches = parsed(batchesSchema, (await s.call('/api/batches?limit=2')).body);
    expect(batches.batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.batches.length).toBeLessThanOrEqual(2);
    const ids = batchesOnDisk(dir)
      .map((b) => b.id)
      .reverse();
    expect(batches.batches.map((b) => b.batch_id)).toEqual(ids.slice(0, batches.batches.length));
  });

  it('refuses requests a web page could forge, changing nothing', async () => {
    const statusBefore = (await s.call('/api/health')).body.status;
    const cases: Array<[string, RequestInit & { json?: unknown }, number, string]> = [
      [
        '/api/pause',
        { method: 'POST', headers: { host: 'evil.example:80' } },
        403,
        'forbidden_host',
      ],
      ['/api/health', { headers: { host: `attacker.test:${s.port}` } }, 403, 'forbidden_host'],
      [
        '/api/pause',
        { method: 'POST', headers: { origin: 'http://evil.example' } },
        403,
        'forbidden_origin',
      ],
      ['/api/health', { headers: { origin: 'http://localhost:3000' } }, 403, 'forbidden_origin'],
      ['/api/pause', { method: 'OPTIONS' }, 405, 'method_not_allowed'],
      [
        '/api/pause',
        {
          method: 'POST',
          body: 'a=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        415,
        'unsupported_media_type',
      ],
      [
        '/api/pause',
        { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } },
        415,
        'unsupported_media_type',
      ],
      [
        '/api/config',
        { method: 'POST', json: { yaml: 'x'.repeat(70_000) } },
        413,
        'body_too_large',
      ],
      ['/api/pause', { method: 'GET' }, 405, 'method_not_allowed'],
      ['/api/clean', { method: 'GET' }, 405, 'method_not_allowed'],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await s.call(path, init);
      expect(r.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(parsed(errorSchema, r.body).error).toBe(code);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await s.call('/api/health')).body.status).toBe(statusBefore);
    const own = await s.call('/api/health', { headers: { origin: s.url } });
    expect(own.status).toBe(200);
  });

  it('answers bad input with JSON errors and changes nothing', async () => {
    const configBefore = (await s.call('/api/config')).body;
    const cases: Array<[string, RequestInit & { json?: unknown }, number, string]> = [
      ['/api/logs?limit=0', {}, 400, 'invalid_limit'],
      ['/api/logs?limit=1001', {}, 400, 'invalid_limit'],
      ['/api/logs?limit=ten', {}, 400, 'invalid_limit'],
      ['/api/logs?level=fatal', {}, 400, 'invalid_level'],
      ['/api/logs?since=yesterday', {}, 400, 'invalid_since'],
      ['/api/logs?since=2024-01-01T00:00:00', {}, 400, 'invalid_since'],
      ['/api/logs?before=2024-01-01T00:00:00Z%23x', {}, 400, 'invalid_before'],
      ['/api/batches?limit=-1', {}, 400, 'invalid_limit'],
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
      const r = await s.call(path, init);
      expect(r.status, path).toBe(status);
      expect(parsed(errorSchema, r.body).error, path).toBe(code);
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    }
    const legacy = await s.call('/health');
    expect(legacy.body.message).toMatch(/\/api\/health/);
    const wrong = await s.call('/api/health', { method: 'DELETE' });
    expect(wrong.headers.get('allow')).toBe('GET');
    const invalid = parsed(
      invalidConfigSchema,
      (await s.call('/api/config', { method: 'POST', json: { yaml: 'number_of_companies: 0\n' } }))
        .body,
    );
    expect(invalid.issues.map((i) => i.path)).toContain('number_of_companies');
    expect((await s.call('/api/config')).body).toEqual(configBefore);
  });

  it('switches preset at the next interval as a new epoch', async () => {
    const r = await s.call('/api/config', { method: 'POST', json: { preset: 'emulated' } });
    const result = parsed(configResultSchema, r.body);
    expect(result).toMatchObject({ success: true, changed: true, preset: 'emulated' });
    const at = Date.parse(result.effective_at as string);
    expect(at).toBeGreaterThan(Date.now() - 100);
    expect(at).toBeLessThanOrEqual(Date.now() + 5_100);
    expect((await s.call('/api/config')).body.pending).toMatchObject({ preset: 'emulated' });
    await waitFor(
      'the new epoch',
      async () => {
        const h = parsed(healthSchema, (await s.call('/api/health')).body);
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
    const doc = (await s.call('/api/openapi.json')).body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const { method, path, status } of [...allSeen, ...s.seen]) {
      if (!path.startsWith('/api/')) continue;
      const operation = doc.paths[path]?.[method.toLowerCase()];
      if (!operation) {
        // A refused method on a known path is documented as 405 on the path's other methods.
        expect(status, `${method} ${path}`).toBeOneOf([403, 404, 405]);
        continue;
      }
      expect(Object.keys(operation.responses), `${method} ${path} -> ${status}`).toContain(
        String(status),
      );
    }
  });
});

describe('serve across restarts', () => {
  it('stays paused with its counters after a graceful stop', async () => {
    const dir = freshDir();
    const first = await started(['--preset', 'emulated-5s', '--data-dir', dir]);
    await waitFor('a batch', async () =>
      (await first.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
    await first.call('/api/pause', { method: 'POST' });
    const before = parsed(healthSchema, (await first.call('/api/health')).body);
    const stopped = await first.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: finishing the batch in flight/);
    const second = await started(['--data-dir', dir]);
    const after = parsed(healthSchema, (await second.call('/api/health')).body);
    expect(after.status).toBe('paused');
    expect(after.preset).toBe('emulated-5s');
    expect(after.driver_batches).toBe(before.driver_batches);
    expect(after.company_batches).toBe(before.company_batches);
    expect(after.totals).toEqual(before.totals);
    await sleep(5_500);
    expect(parsed(healthSchema, (await second.call('/api/health')).body).driver_batches).toBe(
      before.driver_batches,
    );
    await second.stop();
  });

  it('pauses on SIGUSR1 and resumes on SIGUSR2, logged like the API calls', async () => {
    const server = await started(['--preset', 'emulated-5s', '--data-dir', freshDir()]);
    expect(server.output()).toMatch(/pause \/ resume: kill -USR1 \d+/);
    server.child.kill('SIGUSR1');
    await waitFor('paused', async () =>
      (await server.call('/api/health')).body.status === 'paused' ? true : undefined,
    );
    server.child.kill('SIGUSR2');
    await waitFor('running', async () =>
      (await server.call('/api/health')).body.status === 'running' ? true : undefined,
    );
    // SIGUSR1 did not open Node's debugger, and the process is still the same one.
    expect(server.output()).not.toMatch(/Debugger listening/);
    expect(server.child.exitCode).toBeNull();
    const messages = parsed(
      logPageSchema,
      (await server.call('/api/logs?limit=50')).body,
    ).entries.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'received SIGUSR1: pausing',
        'paused',
        'received SIGUSR2: resuming',
        'resumed',
      ]),
    );
    await server.stop();
  });

  it('after SIGKILL mid-batch: no partial batch, missed intervals caught up, content equal to generate', async () => {
    const dir = freshDir();
    const config = join(scratch, 'big-emulated.yaml');
    // Big emulated batches (~0.1-0.3 s of work each) so a kill lands inside one.
    writeFileSync(
      config,
      `name: big-emulated\nseed: 77\nnumber_of_companies: 1\ndrivers_per_company: 20\nevent_rate_per_driver: 1\ncompany_onboarding_interval: PT1H\nemulated_mode:\n  enabled: true\n  company_batch_interval: PT5S\n  driver_batch_interval: PT5S\n  companies_per_batch: 50\n  events_per_batch_min: 150000\n  events_per_batch_max: 250000\nquality_injection:\n  enabled: true\n  error_rate: 0.05\n`,
    );
    const first = await started(['--config', config, '--data-dir', dir, '--workers', '1']);
    await waitFor(
      'two batches',
      async () => ((await first.call('/api/health')).body.driver_batches >= 2 ? true : undefined),
      20_000,
    );
    // Kill shortly after the next interval closes, while its batch is being written.
    const nextClose = Math.ceil(Date.now() / 5000) * 5000;
    await sleep(nextClose - Date.now() + 60);
    await first.stop('SIGKILL');
    const killedAt = Date.now();
    const visible = readdirSync(join(dir, 'raw', 'events'));
    for (const name of visible.filter((v) => !v.startsWith('.'))) {
      const folder = join(dir, 'raw', 'events', name);
      const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
      expect(readFileSync(join(folder, 'events.jsonl'), 'utf8').split('\n').length - 1).toBe(
        meta.record_count,
      );
    }
    // Stay down for two more intervals, then come back: they are caught up at start.
    await sleep(Math.max(0, killedAt + 10_500 - Date.now()));
    const second = await started(['--config', config, '--data-dir', dir, '--workers', '1']);
    const restartAt = Date.now();
    await waitFor(
      'catch-up',
      async () => {
        const h = parsed(healthSchema, (await second.call('/api/health')).body);
        const last = h.driver_generator.last_interval_end;
        return last && Date.parse(last) >= Math.floor(restartAt / 5000) * 5000 ? h : undefined;
      },
      20_000,
    );
    await second.stop();
    expect(readdirSync(join(dir, 'raw', 'events')).filter((v) => v.startsWith('.'))).toEqual([]);
    const batches = batchesOnDisk(dir);
    const starts = batches.map((b) => Date.parse(b.meta.interval_start));
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBe(5000); // no interval missing
    const logs = readdirSync(join(dir, 'manifests', 'logs'))
      .map((d) => readFileSync(join(dir, 'manifests', 'logs', d, 'generator.log.jsonl'), 'utf8'))
      .join('');
    expect(logs).toMatch(/catching up missed intervals/);
    // The same intervals from `generate` are byte-identical.
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    const reference = freshDir();
    const from = state.epochs[0].start;
    const to = batches.at(-1)?.meta.interval_end as string;
    const gen = await runCli([
      'generate',
      '--config',
      config,
      '--data-dir',
      reference,
      '--from',
      from,
      '--to',
      to,
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    for (const b of batches) {
      for (const file of ['events.jsonl', '_quality.jsonl']) {
        const live = readFileSync(join(dir, 'raw', 'events', b.id, file));
        const offline = readFileSync(join(reference, 'raw', 'events', b.id, file));
        expect(live.equals(offline), `${b.id}/${file}`).toBe(true);
      }
    }
    const liveCompanies = readFileSync(join(dir, 'raw', 'companies.jsonl'), 'utf8');
    const offlineCompanies = readFileSync(join(reference, 'raw', 'companies.jsonl'), 'utf8');
    const common = Math.min(liveCompanies.length, offlineCompanies.length);
    expect(common).toBeGreaterThan(0);
    expect(liveCompanies.slice(0, common)).toBe(offlineCompanies.slice(0, common));
  });
});

describe('serve: bad start-up input', () => {
  it('exits 2 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['serve', '--port', String(port), '--data-dir', freshDir()]);
    blocker.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `port_in_use: port ${port} is taken by another program; start with --port ${port + 1}`,
      ),
    );
  });

  it('exits 2 on an invalid config and on an unwritable data dir', async () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'number_of_companies: 0\n');
    const invalid = await runCli([
      'serve',
      '--port',
      '0',
      '--config',
      bad,
      '--data-dir',
      freshDir(),
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/number_of_companies \(0\) must be > 0/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const unwritable = await runCli(['serve', '--port', '0', '--data-dir', join(file, 'data')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/data_dir_unwritable/);
  });
});
