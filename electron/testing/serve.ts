// Runs the real `serve` command on a free port and talks to it over HTTP, as users do.
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { finished, startCli } from './cli.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked against their zod schemas in the tests
type ResponseBody = any;

export interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Requests made through `call`, for checking them against the OpenAPI document. */
  seen: Array<{ method: string; path: string; status: number }>;
  call(
    path: string,
    init?: RequestInit & { json?: unknown },
  ): Promise<{ status: number; body: ResponseBody; headers: Headers }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `serve` (by default from the sources) on a free port. */
export async function serve(
  args: string[],
  start: (args: string[]) => ChildProcess = startCli,
): Promise<Served> {
  const child = start(['serve', '--port', '0', ...args]);
  const done = finished(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited:\n${out}`));
    });
  });
  const port = Number(new URL(url).port);
  const seen: Served['seen'] = [];
  return {
    url,
    port,
    child,
    output: () => out,
    seen,
    async call(path, init = {}) {
      const { json, ...rest } = init;
      const headers = (rest.headers ?? {}) as Record<string, string>;
      if (Object.keys(headers).some((h) => h.toLowerCase() === 'host')) {
        // fetch drops a custom Host header; a forged one needs a plain HTTP request.
        const r = await rawRequest(
          port,
          rest.method ?? 'GET',
          path,
          headers,
          typeof rest.body === 'string' ? rest.body : undefined,
        );
        seen.push({
          method: rest.method ?? 'GET',
          path: new URL(url + path).pathname,
          status: r.status,
        });
        return r;
      }
      const response = await fetch(url + path, {
        ...rest,
        ...(json !== undefined
          ? {
              body: JSON.stringify(json),
              headers: { 'content-type': 'application/json', ...(rest.headers ?? {}) },
            }
          : {}),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      seen.push({
        method: rest.method ?? 'GET',
        path: new URL(url + path).pathname,
        status: response.status,
      });
      return { status: response.status, body, headers: response.headers };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await done;
      return { code: result.code, signal: result.signal };
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; body: ResponseBody; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, setHost: false },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (typeof v === 'string') out.set(k, v);
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: out });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
