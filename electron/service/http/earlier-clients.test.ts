// What scripts, notebooks and the SPA written for the earlier Python version rely on, against
// the real `serve` over real HTTP: the seed README's snippets typed into bash (port changed),
// log cursors copied into URLs unescaped, lenient log queries, the response fields old code
// indexes, paths relative to the data folder, and a UI on another origin let in by
// --allow-origin. Started from a folder other than the data folder's parent, on purpose.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionResultSchema,
  cleanResultSchema,
  errorSchema,
  healthSchema,
  logPageSchema,
} from '../../../shared/api.ts';
import { compareCursorText } from '../../../shared/log-cursor.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { runCli, startCli } from '../../testing/cli.ts';
import { type Served, serve, waitFor } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-earlier-'));
const cwd = join(scratch, 'scripts');
mkdirSync(cwd);
const SPA = 'http://127.0.0.1:5173';
let s: Served;

beforeAll(async () => {
  s = await serve(
    [
      '--preset',
      'emulated-5s',
      '--time-scale',
      '10',
      '--data-dir',
      '../b-data',
      '--allow-origin',
      SPA,
      '--allow-origin',
      'http://localhost:8888/',
    ],
    (args) => startCli(args, { cwd }),
  );
  // Enough log lines for paging: a batch every half second.
  await waitFor('20 log entries', async () => {
    const page = parsed(logPageSchema, (await s.call('/api/logs?limit=1000')).body);
    return page.entries.length >= 20 ? true : undefined;
  });
}, 60_000);
afterAll(async () => {
  await s?.stop('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs one line in bash, as a user types it; fails on any error in the pipe. */
function bash(line: string): string {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', line], { encoding: 'utf8' });
  expect(r.status, `${line}\n${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

describe('clients of the earlier API', () => {
  it("runs the seed README's log snippets typed into bash, since without escaping", () => {
    const base = `http://localhost:${s.port}`;
    const five = bash(
      `curl -s "${base}/api/logs?limit=5" | jq -c '.entries[] | {ts,level,message}'`,
    ).split('\n');
    expect(five.length).toBe(5);
    for (const line of five)
      expect(Object.keys(JSON.parse(line))).toEqual(['ts', 'level', 'message']);
    expect(
      Number(bash(`curl -s "${base}/api/logs?limit=10&level=error" | jq '.totalReturned'`)),
    ).toBeGreaterThanOrEqual(0);
    // $since = (curl ... | jq -r .nextSince); then since=$since unescaped, with &limit after it.
    const since = bash(`curl -s "${base}/api/logs?limit=5" | jq -r .nextSince`);
    expect(since).not.toMatch(/[#&+% ]/);
    const answer = JSON.parse(
      bash(
        `since=$(curl -s "${base}/api/logs?limit=5" | jq -r .nextSince); curl -s "${base}/api/logs?since=$since&limit=5"`,
      ),
    );
    // &limit=5 reached the service (it did not become a URL fragment).
    expect(answer.limit).toBe(5);
    expect(answer.entries.length).toBeLessThanOrEqual(5);
    for (const e of answer.entries) expect(compareCursorText(e.cursor, since)).toBeGreaterThan(0);
  });

  it('walks the whole log backward and forward by copying nextBefore and nextSince into URLs as they are', async () => {
    const all = parsed(logPageSchema, (await s.call('/api/logs?limit=1000')).body).entries;
    const newest = all[0]?.cursor as string;
    const oldest = all[all.length - 1]?.cursor as string;
    // Backward from the newest entry seen, 4 at a time, through curl, never escaping.
    const back: string[] = [];
    let url = `http://127.0.0.1:${s.port}/api/logs?limit=4&before=${newest}`;
    back.push(newest);
    for (let i = 0; i < 100; i++) {
      const page = parsed(logPageSchema, JSON.parse(bash(`curl -s "${url}"`)));
      if (page.entries.length === 0) break;
      back.push(...page.entries.map((e) => e.cursor));
      url = `http://127.0.0.1:${s.port}/api/logs?limit=4&before=${page.nextBefore}`;
    }
    const expected = all.map((e) => e.cursor);
    expect(back).toEqual(expected);
    // Forward from the oldest, 3 at a time, with fetch and string concatenation.
    const forward: string[] = [oldest];
    let since = oldest;
    for (let i = 0; i < 100; i++) {
      const page = parsed(logPageSchema, (await s.call(`/api/logs?since=${since}&limit=3`)).body);
      if (page.entries.length === 0) break;
      forward.push(...[...page.entries].reverse().map((e) => e.cursor));
      since = page.nextSince as string;
    }
    expect(forward.slice(0, expected.length)).toEqual([...expected].reverse());
    expect(new Set(forward).size).toBe(forward.length);
  });

  it('gives cursors that Python reads as times, and takes plain times in since and before', async () => {
    const page = parsed(logPageSchema, (await s.call('/api/logs?limit=1000')).body);
    const cursors = page.entries.map((e) => e.cursor);
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, datetime\nfor c in sys.argv[1:]: print(datetime.datetime.fromisoformat(c.replace("Z", "+00:00")).isoformat())',
        ...cursors.slice(0, 5),
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    expect(py.stdout.trim().split('\n').length).toBe(5);
    // A plain time (seconds only, as the earlier version's clients send it): strictly newer
    // or strictly older entries, in both its zoned and its unzoned (UTC) forms.
    const middle = page.entries[Math.floor(page.entries.length / 2)]?.ts as string;
    const second = middle.slice(0, 19);
    for (const time of [`${second}Z`, second, `${second}+00:00`]) {
      const newer = parsed(
        logPageSchema,
        (await s.call(`/api/logs?limit=1000&since=${time}`)).body,
      ).entries;
      const older = parsed(
        logPageSchema,
        (await s.call(`/api/logs?limit=1000&before=${time}`)).body,
      ).entries;
      expect(newer.length).toBeGreaterThan(0);
      expect(older.length).toBeGreaterThan(0);
      for (const e of newer) expect(e.ts > `${second}.000Z`, `${time} ${e.ts}`).toBe(true);
      for (const e of older) expect(e.ts < `${second}.000Z`, `${time} ${e.ts}`).toBe(true);
    }
  });

  it('takes levels in any case and their aliases, clamps limit and says which it used', async () => {
    const levelsOf = async (query: string) =>
      new Set(
        parsed(logPageSchema, (await s.call(`/api/logs?limit=1000&${query}`)).body).entries.map(
          (e) => e.level,
        ),
      );
    expect(await levelsOf('level=INFO')).toEqual(await levelsOf('level=info'));
    for (const alias of ['warn', 'WARNING', 'Warn']) {
      for (const level of await levelsOf(`level=${alias}`))
        expect(['warning', 'error']).toContain(level);
    }
    for (const alias of ['err', 'ERROR', 'critical']) {
      for (const level of await levelsOf(`level=${alias}`)) expect(level).toBe('error');
    }
    for (const [query, limit] of [
      ['limit=0', 1],
      ['limit=5000', 1000],
      ['limit=ten', 100],
      ['limit=-3', 1],
      ['', 100],
      ['limit=7', 7],
    ] as const) {
      const r = await s.call(`/api/logs?${query}`);
      expect(r.status, query).toBe(200);
      const page = parsed(logPageSchema, r.body);
      expect(page.limit, query).toBe(limit);
      expect(page.entries.length).toBeLessThanOrEqual(limit);
    }
    // Where nothing can be guessed, a 400 that says what would do.
    for (const [query, code] of [
      ['since=yesterday', 'invalid_since'],
      ['before=soon', 'invalid_before'],
      ['level=loud', 'invalid_level'],
    ] as const) {
      const r = await s.call(`/api/logs?${query}`);
      expect(r.status, query).toBe(400);
      expect(parsed(errorSchema, r.body).error).toBe(code);
    }
  });

  // curl -X POST sends no body and no Content-Type: a route that takes a body reads that as {},
  // as the earlier version did, and answers what {} means there (never 415).
  it('takes a plain curl -X POST on the routes that take a body as an empty JSON object', () => {
    const post = (route: string) =>
      JSON.parse(bash(`curl -s -X POST ${s.url}${route}`)) as { error?: string; message?: string };
    const backfill = post('/api/backfill');
    expect(backfill.error).toBe('invalid_request');
    expect(backfill.message).toMatch(/"from"/);
    const join = post('/api/join');
    expect(join.error).toBe('invalid_code');
    const jobs = post('/api/spark/jobs');
    expect(jobs.error).toBe('invalid_request');
  });

  it('answers resume and clean with the fields old code indexes, paths relative to the data folder', async () => {
    const health = parsed(healthSchema, (await s.call('/api/health')).body);
    expect(health.state.state_file).toBe('manifests/generator_state.json');
    await s.call('/api/pause', { method: 'POST' });
    const cleaned = parsed(
      cleanResultSchema,
      (await s.call('/api/clean', { method: 'POST' })).body,
    );
    expect(Date.parse(cleaned.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(cleaned.deleted_items).toContain('raw/companies.jsonl');
    for (const item of cleaned.deleted_items) expect(item).not.toMatch(/^\.\.|^\//);
    const resumed = parsed(
      actionResultSchema,
      (await s.call('/api/resume', { method: 'POST' })).body,
    );
    expect(resumed.extra.baseline_errors).toEqual([]);
    expect(resumed.extra.verification_missing).toEqual([]);
    expect(resumed.extra.auto_reinit?.missing_files).toEqual(['raw/companies.jsonl', 'raw/events']);
    const again = parsed(
      actionResultSchema,
      (await s.call('/api/resume', { method: 'POST' })).body,
    );
    expect(again.extra.baseline_errors).toEqual([]);
    expect(again.extra.verification_missing).toEqual([]);
  });
});

describe('a UI on another origin, let in with --allow-origin', () => {
  it('answers preflights and requests from the allowed origins only, and shows them in health', async () => {
    const health = parsed(healthSchema, (await s.call('/api/health')).body);
    expect(health.allowed_origins).toEqual([SPA, 'http://localhost:8888']);
    const preflight = await s.call('/api/pause', {
      method: 'OPTIONS',
      headers: {
        origin: SPA,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
    const fromSpa = await s.call('/api/health', { headers: { origin: SPA } });
    expect(fromSpa.status).toBe(200);
    expect(fromSpa.headers.get('access-control-allow-origin')).toBe(SPA);
    // As a browser sends it (another port of 127.0.0.1 is `same-site`): still let in.
    for (const site of ['same-site', 'cross-site']) {
      const r = await s.call('/api/health', { headers: { origin: SPA, 'sec-fetch-site': site } });
      expect(r.status, site).toBe(200);
    }
    // Any other origin is still refused, without CORS headers, also for a preflight.
    for (const origin of [
      'http://127.0.0.1:5174',
      'https://127.0.0.1:5173',
      'http://evil.example',
    ]) {
      for (const method of ['GET', 'OPTIONS', 'POST']) {
        const r = await s.call('/api/pause', { method, headers: { origin } });
        expect(r.status, `${method} from ${origin}`).toBe(403);
        expect(r.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    // A forged Host is refused even from an allowed origin.
    const forged = await s.call('/api/health', {
      headers: { origin: SPA, host: `evil.example:${s.port}` },
    });
    expect(forged.status).toBe(403);
    expect(parsed(errorSchema, forged.body).error).toBe('forbidden_host');
  });

  it.each([
    ['*'],
    ['http://127.0.0.1:5173/app'],
    ['http://*.example.com'],
    ['127.0.0.1:5173'],
    ['null'],
  ])('refuses --allow-origin %s with exit code 2', async (origin) => {
    const r = await runCli(['serve', '--port', '0', '--allow-origin', origin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-origin');
  });

  it('describes every route and response seen here in its OpenAPI document', async () => {
    expectDocumented((await s.call('/api/openapi.json')).body, s.seen);
  });
});
