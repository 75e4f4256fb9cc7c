// The security rules in-process (docs/api.md);
// serve.test.ts sends the same forged requests to the real `serve` over a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema, healthSchema, tokenRotationSchema } from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { forgedRequests } from '../../testing/forged-requests.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { sameSecret } from './access-token.ts';

describe('the API on loopback', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s' });
  });
  afterAll(() => api.stop());

  it('refuses requests a web page could forge, changing nothing', async () => {
    const statusBefore = (await api.call('/api/health')).body.status;
    for (const [path, init, status, code] of forgedRequests(api.port)) {
      const r = await api.call(path, init);
      expect(r.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(parsed(errorSchema, r.body).error).toBe(code);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await api.call('/api/health')).body.status).toBe(statusBefore);
    expect(statusBefore).toBe('running'); // the forged POST /api/pause did not pause
    const options = await api.call('/api/pause', { method: 'OPTIONS' });
    expect(options.headers.get('allow')).toBe('POST');
  });

  it('answers its own origin, every loopback Host and plain curl -X POST', async () => {
    for (const host of [`127.0.0.1:${api.port}`, `localhost:${api.port}`, `[::1]:${api.port}`]) {
      const r = await api.call('/api/health', { headers: { host, origin: `http://${host}` } });
      expect(r.status, host).toBe(200);
    }
    const paused = await api.call('/api/pause', { method: 'POST' });
    expect(paused.status).toBe(200);
    const resumed = await api.call('/api/resume', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(resumed.status).toBe(200);
  });

  it('describes every response seen here in its OpenAPI document', async () => {
    expectDocumented((await api.call('/api/openapi.json')).body, api.seen);
  });
});

describe('the API beyond loopback (--host)', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s', token: 'the-token' });
  });
  afterAll(() => api.stop());

  it('requires the bearer token on every route, whatever the Host', async () => {
    for (const [path, init] of [
      ['/api/health', {}],
      ['/api/pause', { method: 'POST' }],
      ['/', {}],
      ['/api/nope', {}],
    ] as const) {
      for (const authorization of [undefined, 'Bearer wrong', 'the-token']) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const r = await api.call(path, { ...init, headers });
        expect(r.status, `${path} ${authorization}`).toBe(401);
        expect(parsed(errorSchema, r.body).error).toBe('unauthorized');
      }
    }
    const authorized = await api.call('/api/health', {
      headers: { host: 'generator.lan:18000', authorization: 'Bearer the-token' },
    });
    expect(authorized.status).toBe(200);
    expect(parsed(healthSchema, authorized.body).status).toBe('running'); // the refused pause
  });

  it('still refuses a foreign Origin and OPTIONS with the token', async () => {
    const authorization = 'Bearer the-token';
    const foreign = await api.call('/api/health', {
      headers: { authorization, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('forbidden_origin');
    const options = await api.call('/api/health', {
      method: 'OPTIONS',
      headers: { authorization },
    });
    expect(options.status).toBe(405);
  });
});

describe('LAN mode: the printed link, its cookie, and rotation', () => {
  let api: InProcessApi;
  beforeAll(() => {
    api = startInProcessApi({ preset: 'emulated-5s', token: 'the-token' });
  });
  afterAll(() => api.stop());
  const lan = { host: '192.168.1.5:18000' };

  it('turns the link into an HttpOnly, SameSite=Strict cookie and the clean address', async () => {
    const wrong = await api.call('/?token=not-it', { headers: lan });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const opened = await api.call('/?token=the-token', { headers: lan, redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^spark_exp_token=the-token;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  it("lets the cookie in from the page's own origin, and nowhere else", async () => {
    const withCookie = { ...lan, cookie: 'spark_exp_token=the-token' };
    const own = await api.call('/api/health', {
      headers: { ...withCookie, origin: 'http://192.168.1.5:18000' },
    });
    expect(own.status).toBe(200);
    // The class's link only reads (lan-guards.test.ts): the page may not pause.
    const paused = await api.call('/api/pause', {
      method: 'POST',
      headers: { ...withCookie, origin: 'http://192.168.1.5:18000' },
    });
    expect(paused.status).toBe(403);
    expect(paused.body.error).toBe('read_only_link');
    for (const origin of ['http://192.168.1.5:18001', 'http://evil.example', 'null']) {
      const r = await api.call('/api/resume', {
        method: 'POST',
        headers: { ...withCookie, origin },
      });
      expect(r.status, origin).toBe(403);
      expect(r.body.error).toBe('forbidden_origin');
    }
    expect(
      parsed(healthSchema, (await api.call('/api/health', { headers: withCookie })).body).status,
    ).toBe('running');
    const stale = await api.call('/api/health', {
      headers: { ...lan, cookie: 'spark_exp_token=old' },
    });
    expect(stale.status).toBe(401);
  });

  it('rotates the token only from this machine (not with the class link), and the old one stops working', async () => {
    const bearer = { ...lan, authorization: 'Bearer the-token' };
    const remote = await api.call('/api/token/rotate', {
      method: 'POST',
      headers: bearer,
      remoteAddress: '203.0.113.7',
    });
    expect(remote.status).toBe(403);
    expect(remote.body.error).toBe('read_only_link');
    // This machine: over loopback with a loopback Host, as without LAN mode.
    const rotated = await api.call('/api/token/rotate', {
      method: 'POST',
      remoteAddress: '127.0.0.1',
    });
    expect(rotated.status).toBe(200);
    const { token, url } = parsed(tokenRotationSchema, rotated.body);
    expect(token).not.toBe('the-token');
    expect(url).toMatch(new RegExp(`/\\?token=${token}$`));
    expect((await api.call('/api/health', { headers: bearer })).status).toBe(401);
    expect(
      (await api.call('/api/health', { headers: { ...lan, cookie: 'spark_exp_token=the-token' } }))
        .status,
    ).toBe(401);
    expect(
      (await api.call('/api/health', { headers: { ...lan, authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
  });

  it('has no token to rotate on loopback', async () => {
    const local = startInProcessApi({ preset: 'emulated-5s' });
    try {
      const r = await local.call('/api/token/rotate', {
        method: 'POST',
        remoteAddress: '127.0.0.1',
      });
      expect(r.status).toBe(409);
      expect(r.body.error).toBe('no_token');
    } finally {
      await local.stop();
    }
  });
});

describe('sameSecret', () => {
  it('matches only the same text, whatever the lengths', () => {
    expect(sameSecret('Bearer abc', 'Bearer abc')).toBe(true);
    expect(sameSecret('Bearer abd', 'Bearer abc')).toBe(false);
    expect(sameSecret('Bearer ab', 'Bearer abc')).toBe(false);
    expect(sameSecret('', 'Bearer abc')).toBe(false);
  });
});
