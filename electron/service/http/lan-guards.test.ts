// Issue 22: what a web page or a class may not do, in-process. lan-netns.test.ts sends the
// class's requests from another address over a real network.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema, healthSchema } from '../../../shared/api.ts';
import { parsed } from '../../testing/api-checks.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';
import { MAX_STREAM_CLIENTS } from './stream.ts';

const lan = { host: 'generator.lan:18000' };

/** An event stream in-process: `ended` settles when the server closes it. */
async function openStream(api: InProcessApi, headers: Record<string, string>) {
  const response = await api.app.request('/api/stream', { headers });
  if (response.status !== 200) return { response, ended: Promise.resolve(), close: async () => {} };
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read(); // the health event sent at once
  expect(new TextDecoder().decode(first.value)).toMatch(/^event: health/);
  const ended = (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  return { response, ended, close: () => reader.cancel() };
}

describe('Sec-Fetch-Site: no request from another site reaches /api', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it('refuses cross-site and same-site requests (an <img> has no Origin) before they run', async () => {
    for (const site of ['cross-site', 'same-site', 'Cross-Site']) {
      for (const path of ['/api/answers', '/api/health', '/api/batches']) {
        const r = await api.call(path, { headers: { 'sec-fetch-site': site } });
        expect(r.status, `${site} ${path}`).toBe(403);
        expect(parsed(errorSchema, r.body).error).toBe('cross_site_request');
      }
      const pause = await api.call('/api/pause', {
        method: 'POST',
        headers: { 'sec-fetch-site': site },
      });
      expect(pause.status).toBe(403);
    }
    expect((await api.call('/api/health')).body.status).toBe('running');
  });

  it('answers the dashboard (same-origin), a typed address (none) and plain curl (no header)', async () => {
    for (const headers of [
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {} as Record<string, string>,
    ]) {
      expect((await api.call('/api/health', { headers })).status).toBe(200);
    }
    const page = await api.call('/', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(page.status).toBe(200); // a link to the dashboard from elsewhere still opens it
  });
});

describe('LAN mode in-process: the class link reads, changes need this machine or the admin token', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s', token: 'class-token', adminToken: 'admin' });
  });
  afterAll(() => api.stop());

  it('redirects the token link only to its own path, never to another host', async () => {
    for (const [path, location] of [
      ['//evil.com/?token=class-token', '/evil.com/'],
      ['///evil.com/x?token=class-token&a=1', '/evil.com/x?a=1'],
      ['/?token=class-token', '/'],
    ] as const) {
      const r = await api.call(path, { headers: lan, redirect: 'manual' });
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location'), path).toBe(location);
    }
  });

  it('refuses every change through the class token with read_only_link, and says read_only', async () => {
    const cls = { ...lan, authorization: 'Bearer class-token' };
    const health = await api.call('/api/health', { headers: cls });
    expect(parsed(healthSchema, health.body).access).toBe('read_only');
    for (const [path, json] of [
      ['/api/pause', undefined],
      ['/api/clean', undefined],
      ['/api/config', { preset: 'small' }],
      ['/api/backfill', { from: '2024-01-01T00:00:00Z' }],
      ['/api/spark/up', {}],
      ['/api/join', { code: 'x' }],
      ['/api/token/rotate', undefined],
    ] as const) {
      const r = await api.call(path, { method: 'POST', headers: cls, json });
      expect(r.status, path).toBe(403);
      expect(parsed(errorSchema, r.body).error, path).toBe('read_only_link');
    }
    expect((await api.call('/api/health', { headers: cls })).body.status).toBe('running');
    // Nor does it run the instructor's setup check (Docker's CLI on their machine).
    const doctor = await api.call('/api/doctor', { headers: cls });
    expect(doctor.status).toBe(403);
    expect(parsed(errorSchema, doctor.body).error).toBe('read_only_link');
    const admin = { ...lan, authorization: 'Bearer admin' };
    expect(
      parsed(healthSchema, (await api.call('/api/health', { headers: admin })).body).access,
    ).toBe('full');
    expect((await api.call('/api/pause', { method: 'POST', headers: admin })).status).toBe(200);
    expect((await api.call('/api/resume', { method: 'POST', headers: admin })).status).toBe(200);
  });

  it('closes the event streams of the old link when the token is rotated', async () => {
    const cookie = { ...lan, cookie: 'spark_exp_token=class-token' };
    const classStream = await openStream(api, cookie);
    const admin = await openStream(api, { ...lan, authorization: 'Bearer admin' });
    const rotated = await api.call('/api/token/rotate', {
      method: 'POST',
      remoteAddress: '127.0.0.1',
    });
    expect(rotated.status).toBe(200);
    await classStream.ended; // the test times out if the stream keeps delivering
    expect((await api.call('/api/stream', { headers: cookie })).status).toBe(401);
    // The instructor's own streams stay open.
    let adminEnded = false;
    void admin.ended.then(() => {
      adminEnded = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(adminEnded).toBe(false);
    await admin.close();
  });
});

describe('event streams are capped', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it(`accepts ${MAX_STREAM_CLIENTS} at once, refuses the next with 503 naming the cap, and releases closed ones`, async () => {
    const headers = { host: `127.0.0.1:${api.port}` };
    const open = [];
    for (let i = 0; i < MAX_STREAM_CLIENTS; i++) open.push(await openStream(api, headers));
    expect(open.every((s) => s.response.status === 200)).toBe(true);
    const refused = await api.app.request('/api/stream', { headers });
    expect(refused.status).toBe(503);
    const body = parsed(errorSchema, await refused.json());
    expect(body.error).toBe('too_many_streams');
    expect(body.message).toContain(String(MAX_STREAM_CLIENTS));
    for (const s of open.splice(0, 10)) await s.close();
    // Released: ten new ones fit again, and no more.
    await waitFor('closed streams to be released', async () => {
      const s = await openStream(api, headers);
      if (s.response.status !== 200) return undefined;
      open.push(s);
      return open.length === MAX_STREAM_CLIENTS ? true : undefined;
    });
    expect((await api.app.request('/api/stream', { headers })).status).toBe(503);
    for (const s of open) await s.close();
    await waitFor('every stream released', () =>
      api.service.events.listenerCount('batch') === 0 ? true : undefined,
    );
  });
});

describe('Clean and batch detail never follow a symbolic link out of the data folder', () => {
  const outside = mkdtempSync(join(tmpdir(), 'spark-exp-outside-'));
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves no batch through a symbolic link, neither a folder nor a file', async () => {
    const events = join(api.dir, 'raw', 'events');
    const elsewhere = join(outside, 'batch');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'batch_meta.json'), JSON.stringify({ batch_id: 'secret' }));
    writeFileSync(join(elsewhere, 'events.jsonl'), 'secret line\n');
    symlinkSync(elsewhere, join(events, '20200101T000000Z'));
    const linked = await api.call('/api/batches/20200101T000000Z');
    expect(linked.status).toBe(404);
    expect(JSON.stringify(linked.body)).not.toContain('secret');
    const real = join(events, '20200101T000500Z');
    mkdirSync(real);
    writeFileSync(join(real, 'batch_meta.json'), JSON.stringify({ batch_id: '20200101T000500Z' }));
    symlinkSync(join(elsewhere, 'events.jsonl'), join(real, 'events.jsonl'));
    const withLinkedFile = await api.call('/api/batches/20200101T000500Z');
    expect(withLinkedFile.status).toBe(200);
    expect(withLinkedFile.body.sample).toEqual([]);
  });

  it('deletes only the names it writes, and not through a symlinked raw/events', async () => {
    const kept = join(outside, 'events');
    mkdirSync(join(kept, '20240101T000000Z'), { recursive: true });
    writeFileSync(join(kept, '20240101T000000Z', 'events.jsonl'), 'not the app’s\n');
    expect((await api.call('/api/pause', { method: 'POST' })).status).toBe(200);
    const events = join(api.dir, 'raw', 'events');
    rmSync(events, { recursive: true, force: true });
    symlinkSync(kept, events);
    writeFileSync(join(api.dir, 'manifests', 'notes.txt'), 'mine\n');
    const clean = await api.call('/api/clean', { method: 'POST' });
    expect(clean.status).toBe(200);
    expect(clean.body.errors.join('\n')).toMatch(/raw\/events: is a symbolic link; not followed/);
    expect(clean.body.deleted_items).toContain('manifests/generator_state.json');
    expect(clean.body.deleted_items).not.toContain('manifests/notes.txt');
    expect(existsSync(join(kept, '20240101T000000Z', 'events.jsonl'))).toBe(true);
    expect(existsSync(join(api.dir, 'manifests', 'notes.txt'))).toBe(true);
  });
});
