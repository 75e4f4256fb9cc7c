// Server-Sent Events over fetch, shaped like the browser's EventSource (open, error, named
// events, close), for clients outside a browser: the tray under Electron's main process or
// plain Node. It never retries by itself: an error ends it, and the caller reconnects.

export interface EventStream {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Opens `url` and dispatches each event by name; `fetcher` defaults to the global fetch. */
export function openEventStream(url: string, fetcher: Fetch = (u, i) => fetch(u, i)): EventStream {
  const listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  const abort = new AbortController();
  let closed = false;
  const stream: EventStream = {
    onopen: null,
    onerror: null,
    addEventListener(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    close() {
      closed = true;
      abort.abort();
    },
  };
  const dispatch = (block: string) => {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon === 0) continue; // a comment
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const event = { type, data: data.join('\n') } as MessageEvent;
    for (const listener of listeners.get(type) ?? []) listener(event);
  };
  const fail = () => {
    if (!closed) stream.onerror?.(new Event('error'));
  };
  void (async () => {
    const response = await fetcher(url, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return fail();
    }
    if (closed) return;
    stream.onopen?.(new Event('open'));
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return fail();
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  })().catch(fail);
  return stream;
}
