// The tray's follower against the real API in-process and its real event stream.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcessApi, startInProcessApi } from '../testing/in-process-api.ts';
import { waitFor } from '../testing/serve.ts';
import { followHealth } from './tray-state.ts';

describe('the tray status', () => {
  let api: InProcessApi;
  let stop: () => void = () => {};
  let offline = false;
  const requests: string[] = [];
  const cuts: Array<() => void> = [];
  /** The API over a network the test can cut (the stream errors, as on a reset). */
  const fetcher = async (url: string, init: RequestInit) => {
    requests.push(new URL(url).pathname);
    if (offline) throw new TypeError('fetch failed (network is down)');
    const headers = new Headers(init.headers);
    headers.set('host', `127.0.0.1:${api.port}`);
    const response = await api.app.request(new URL(url).pathname, { ...init, headers });
    const upstream = (response.body as ReadableStream<Uint8Array>).getReader();
    let cut: () => void = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        cut = () => controller.error(new Error('connection reset'));
      },
      async pull(controller) {
        const { done, value } = await upstream.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: () => upstream.cancel(),
    });
    cuts.push(() => {
      cut();
      void upstream.cancel();
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };

  beforeEach(() => {
    api = startInProcessApi({ startPaused: false });
    offline = false;
    requests.length = 0;
  });
  afterEach(async () => {
    stop();
    await api.stop();
  });

  const follow = () => {
    const seen: Array<string | undefined> = [];
    stop = followHealth({
      baseUrl: () => 'http://127.0.0.1:18000',
      onStatus: (s) => seen.push(s),
      fetcher,
    }).stop;
    const latest = (status: string | undefined) =>
      waitFor(`status ${status}`, () =>
        seen.at(-1) === status && seen.length > 0 ? true : undefined,
      );
    return { seen, latest };
  };

  it('follows health events from the stream, without polling', async () => {
    const { seen, latest } = follow();
    await latest('running');
    expect((await api.call('/api/pause', { method: 'POST' })).status).toBe(200);
    await latest('paused');
    expect((await api.call('/api/resume', { method: 'POST' })).status).toBe(200);
    await latest('running');
    expect(seen).toEqual(['running', 'paused', 'running']);
    expect(requests).toEqual(['/api/stream']);
  });

  it('shows unknown while the stream is down and follows again after reconnecting', async () => {
    const { latest } = follow();
    await latest('running');
    offline = true;
    for (const cut of cuts.splice(0)) cut();
    await latest(undefined);
    await api.call('/api/pause', { method: 'POST' });
    offline = false;
    await latest('paused');
    expect(requests.filter((p) => p !== '/api/stream')).toEqual([]);
    expect(requests.length).toBeGreaterThan(1);
  });
});
