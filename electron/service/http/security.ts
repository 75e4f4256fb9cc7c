// The rules that keep a web page in the user's browser from driving or reading this API
// (docs/api.md). They run before any route, so a refused
// request changes nothing.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { overLoopback, refuseCrossSite, refuseWritesFromClassLink } from './access.ts';
import { type AccessToken, TOKEN_COOKIE } from './access-token.ts';
import { allowedMethods, fail } from './respond.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * An origin as `--allow-origin` takes it: exactly `http(s)://host[:port]`, no path, no
 * wildcard, in the form browsers send (`http://127.0.0.1:5173`). Undefined when it is not one.
 */
export function exactOrigin(text: string): string | undefined {
  const trimmed = text.trim().replace(/\/$/, '');
  if (!/^https?:\/\/[^/*?#@\s]+$/i.test(trimmed)) return undefined;
  try {
    const origin = new URL(trimmed).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * A foreign Host (DNS rebinding) or Origin (CSRF) gets 403, and OPTIONS 405: no CORS preflight
 * succeeds, except from the exact origins the user allowed (`serve --allow-origin`), which get
 * CORS answers. Beyond loopback (LAN mode) every request needs the access token, as a bearer
 * header or the cookie that opening the printed address sets; the page's own origin (the host
 * and port it was opened on) is then allowed too, any other still refused. The class's token
 * only reads (access.ts); loopback with a loopback Host, or the admin token, may change state.
 */
export function refuseForeignRequests(options: {
  port: number;
  token?: AccessToken | undefined;
  adminToken?: AccessToken | undefined;
  allowedOrigins?: readonly string[] | undefined;
}): MiddlewareHandler {
  const { port, token } = options;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const ownOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const others = new Set(options.allowedOrigins ?? []);
  const answerCors = cors({
    origin: (origin) => (others.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    const host = c.req.header('host') ?? '';
    const allowedOther = origin !== undefined && others.has(origin);
    if (!token && !allowedHosts.has(host)) {
      return fail(
        c,
        403,
        'forbidden_host',
        `this API answers only to Host 127.0.0.1:${port}, localhost:${port} or [::1]:${port}`,
      );
    }
    const crossSite = refuseCrossSite(c, allowedOther);
    if (crossSite) return crossSite;
    // A preflight carries no Authorization; the request it announces must.
    if (allowedOther && c.req.method === 'OPTIONS') return answerCors(c, next);
    const authorization = c.req.header('authorization');
    if (token && allowedHosts.has(host) && overLoopback(c)) c.set('access', 'local');
    else if (token && options.adminToken?.admits(authorization, undefined))
      c.set('access', 'admin');
    else if (token) {
      const link = c.req.query('token');
      if (link !== undefined && c.req.method === 'GET') {
        if (!token.matches(link))
          return fail(c, 401, 'unauthorized', 'this link carries an old or wrong token');
        // The printed link: remember the token in a cookie, then show the clean address.
        setCookie(c, TOKEN_COOKIE, token.current, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
        });
        const clean = new URL(c.req.url);
        clean.searchParams.delete('token');
        // Always this app's own path: `//evil.com/` would be a protocol-relative Location.
        const path = `/${clean.pathname.replace(/^[/\\]+/, '')}`;
        return c.redirect(`${path}${clean.search}`, 303);
      }
      if (!token.admits(authorization, getCookie(c, TOKEN_COOKIE))) {
        return fail(
          c,
          401,
          'unauthorized',
          'this API listens beyond loopback: open the address serve printed (it carries the token), or send Authorization: Bearer <token>',
        );
      }
      c.set('access', 'class');
    }
    if (allowedOther) return refuseWritesFromClassLink(c) ?? answerCors(c, next);
    // In LAN mode the dashboard is served from the address it was opened on.
    const pageOrigin = token !== undefined && origin === `http://${host}`;
    if (origin !== undefined && !ownOrigins.has(origin) && !pageOrigin) {
      return fail(
        c,
        403,
        'forbidden_origin',
        `requests from ${origin} are refused: only the dashboard served by this API may call it` +
          ' (serve --allow-origin ORIGIN lets a UI on another origin in)',
      );
    }
    if (c.req.method === 'OPTIONS') {
      c.header('Allow', allowedMethods(c.req.path).join(', ') || 'GET');
      return fail(
        c,
        405,
        'method_not_allowed',
        'OPTIONS is not supported: this API sends no CORS headers',
      );
    }
    return refuseWritesFromClassLink(c) ?? next();
  };
}

/**
 * POST bodies are JSON of at most 64 KiB: a form or text body (what a page can send without a
 * preflight) gets 415. An empty body (plain `curl -X POST`) is fine.
 */
export function jsonBodiesOnly(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) =>
      fail(c, 413, 'body_too_large', `request bodies are limited to ${BODY_LIMIT_BYTES} bytes`),
  });
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    let withinLimit = false;
    const tooLarge = await limit(c, async () => {
      withinLimit = true;
    });
    if (!withinLimit) return tooLarge;
    const length = Number(c.req.header('content-length') ?? '0');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if ((length > 0 || chunked) && type !== 'application/json') {
      return fail(
        c,
        415,
        'unsupported_media_type',
        'send the request body as JSON (Content-Type: application/json)',
      );
    }
    return next();
  };
}
