// Who a request is, for what it may do. In LAN mode the class's shared link is read-only: the
// token a projector shows must not pause, clean or reconfigure the instructor's generator.
// Changing state needs this machine (loopback, with a loopback Host, as without LAN mode) or
// the admin token, which only the instructor's terminal shows.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { CLASS_TOKEN_WRITES } from '../../../shared/contract/index.ts';
import { fail } from './respond.ts';

/**
 * `open`: a loopback-only API (no token); `local`: LAN mode, over loopback; `admin`: LAN mode,
 * with the admin token; `class`: LAN mode, with the class's link (read-only).
 */
export type Access = 'open' | 'local' | 'admin' | 'class';

declare module 'hono' {
  interface ContextVariableMap {
    access: Access;
  }
}

/** The address of the request socket's peer (IPv4-mapped addresses unwrapped), if any. */
export function peerAddress(c: Context): string | undefined {
  try {
    return (getConnInfo(c).remote.address ?? '').replace(/^::ffff:/, '');
  } catch {
    return undefined; // not over a socket: not provably local
  }
}

/** Whether the peer of the request's socket is this machine's loopback. */
export function overLoopback(c: Context): boolean {
  const address = peerAddress(c);
  return address !== undefined && (address.startsWith('127.') || address === '::1');
}

/** What the request was admitted as (`open` when the rules set nothing). */
export function accessOf(c: Context): Access {
  return c.get('access') ?? 'open';
}

const READS = new Set(['GET', 'HEAD']);

/**
 * The class's link reads (GET, the event stream): anything else is 403 read_only_link, but a
 * student's app reporting a check's summary to the class's results (class-results.ts).
 */
export function refuseWritesFromClassLink(c: Context): Response | undefined {
  if (accessOf(c) !== 'class' || READS.has(c.req.method)) return undefined;
  if (c.req.method === 'POST' && CLASS_TOKEN_WRITES.has(c.req.path)) return undefined;
  return fail(
    c,
    403,
    'read_only_link',
    "the class link is read-only: pause, clean and the other controls work on the instructor's machine (http://127.0.0.1) or with the admin token serve printed",
  );
}

/**
 * GET /api/health tells the dashboard whether this client may change anything
 * (`access: "full" | "read_only"`), so a class member sees the controls disabled.
 */
export function tellAccess(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    const body = (await c.res.json()) as Record<string, unknown>;
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = undefined;
    c.res = new Response(
      JSON.stringify({ ...body, access: accessOf(c) === 'class' ? 'read_only' : 'full' }),
      { status: 200, headers },
    );
  };
}

/**
 * A page on another site can make the browser send a GET without an Origin (`<img src=…>`,
 * `<script src=…>`), which could run costly reads such as /api/answers. Browsers label such
 * requests `Sec-Fetch-Site: cross-site` (or `same-site`, another port of 127.0.0.1): refused
 * on /api/*, except from the origins the user allowed. Plain curl sends no Sec-Fetch headers.
 */
export function refuseCrossSite(c: Context, allowedOrigin: boolean): Response | undefined {
  const site = c.req.header('sec-fetch-site')?.toLowerCase();
  if (allowedOrigin || (site !== 'cross-site' && site !== 'same-site')) return undefined;
  if (!c.req.path.startsWith('/api/')) return undefined;
  return fail(
    c,
    403,
    'cross_site_request',
    'requests from another site are refused: open the dashboard served by this API (serve --allow-origin ORIGIN lets a UI on another origin in)',
  );
}
