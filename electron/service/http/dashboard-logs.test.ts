// The dashboard's log list against the real API (in-process) and its real event stream: it
// must hold exactly the API's entries however the stream drops and the pages race it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../../renderer/src/api/client.ts';
import { createStore } from '../../../renderer/src/store/store.ts';
import { openEventStream } from '../../app/event-stream.ts';
import { type InProcessApi, startInProcessApi } from '../../testing/in-process-api.ts';
import { waitFor } from '../../testing/serve.ts';

/** The API as the dashboard reaches it, with a switch for the network and a gate on /api/logs. */
function dashboardNetwork(api: InProcessApi) {
  let offline = false;
  let gate: Promise<void> | undefined;
  let openGate = () => {};
  const drops: Array<() => void> = [];
  const send = (url: string, init: RequestInit = {}) => {
    if (offline) return Promise.reject(new TypeError('fetch failed (network is down)'));
    const headers = new Headers(init.headers);
    headers.set('host', `127.0.0.1:${api.port}`);
    return api.app.request(url, { ...init, headers });
  };
  const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
    const path = String(url);
    if (path.startsWith('/api/logs') && gate) await gate;
    return send(path, init);
  };
  /** The stream, which the test can cut as a network failure would (not a close). */
  const streamFetch = async (url: string, init: RequestInit) => {
    const response = await send(url, init);
    const upstream = (response.body as ReadableStream<Uint8Array>).getReader();
    let cut: (err: Error) => void = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        cut = (err) => controller.error(err);
      },
      async pull(controller) {
        const { done, value } = await upstream.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: () => upstream.cancel(),
    });
    drops.push(() => {
      cut(new Error('connection reset'));
      void upstream.cancel();
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return {
    fetcher,
    streamFetch,
    goOffline() {
      offline = true;
      for (const drop of drops.splice(0)) drop();
    },
    goOnline() {
      offline = false;
    },
    holdLogPages() {
      gate = new Promise((resolve) => {
        openGate = resolve;
      });
    },
    releaseLogPages() {
      gate = undefined;
      openGate();
    },
  };
}

describe("the dashboard's logs", () => {
  let api: InProcessApi;
  let network: ReturnType<typeof dashboardNetwork>;
  let stop: () => void = () => {};
  beforeEach(() => {
    api = startInProcessApi({ startPaused: true });
    network = dashboardNetwork(api);
    const { streamFetch } = network;
    vi.stubGlobal(
      'EventSource',
      class {
        constructor(url: string) {
          // biome-ignore lint/correctness/noConstructorReturn: stands in for the browser's EventSource
          return openEventStream(url, streamFetch);
        }
      },
    );
  });
  afterEach(async () => {
    stop();
    vi.unstubAllGlobals();
    await api.stop();
  });

  const apiCursors = async () => {
    const { body } = await api.call('/api/logs?limit=1000');
    return (body.entries as Array<{ cursor: string }>).map((e) => e.cursor);
  };
  const started = () => {
    const store = createStore(createApi(network.fetcher), '/api/stream');
    stop = store.getState().start();
    const cursors = () => store.getState().logs.entries.map((e) => e.cursor);
    /** Waits until the store holds exactly the API's entries, then checks it. */
    const holdsTheApisEntries = async () => {
      const expected = await apiCursors();
      await waitFor(
        'the store to hold the API entries',
        () => (cursors().join() === expected.join() ? true : undefined),
        5_000,
      ).catch(() => undefined);
      expect(cursors()).toEqual(expected);
    };
    return { store, cursors, holdsTheApisEntries };
  };
  const log = (what: string, count: number) => {
    for (let i = 0; i < count; i++) api.service.log.info(`${what} ${i}`);
  };

  it('holds every entry after the stream drops mid-run and live lines beat the refresh', async () => {
    log('before', 10);
    const { store, cursors, holdsTheApisEntries } = started();
    await waitFor('connected', () =>
      store.getState().connection.state === 'connected' ? true : undefined,
    );
    await holdsTheApisEntries();

    network.holdLogPages();
    network.goOffline();
    await waitFor('the drop to be noticed', () =>
      store.getState().connection.state === 'reconnecting' ? true : undefined,
    );
    // More than one first page (200) lands while the dashboard is away.
    log('while away', 250);
    network.goOnline();
    await waitFor('reconnected', () =>
      store.getState().connection.state === 'connected' ? true : undefined,
    );
    // Live lines arrive before the refresh's pages do.
    log('live after the reconnect', 3);
    const newest = (await apiCursors())[0];
    await waitFor('the live lines', () => (cursors()[0] === newest ? true : undefined));
    network.releaseLogPages();
    await holdsTheApisEntries();
    expect(cursors().length).toBeGreaterThan(263);
  });

  it('holds every entry when live lines land before the first page', async () => {
    log('before the dashboard opened', 15);
    network.holdLogPages();
    const { store, cursors, holdsTheApisEntries } = started();
    await waitFor('connected', () =>
      store.getState().connection.state === 'connected' ? true : undefined,
    );
    log('live', 2);
    const newest = (await apiCursors())[0];
    await waitFor('the live lines', () => (cursors()[0] === newest ? true : undefined));
    expect(cursors().length).toBe(2);
    network.releaseLogPages();
    await holdsTheApisEntries();
    expect(cursors().length).toBeGreaterThanOrEqual(17);
  });
});
