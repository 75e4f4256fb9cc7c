// The class's results over HTTP (docs/teaching.md). The instructor's dashboard reads the grid
// and turns Collect results on or off (LAN mode only); students' apps report with the class
// token, the one change the class link may make (access.ts); and the student's side says
// where this app's reports go. The class link never reads the grid: names are the
// instructor's to see.
import type { Context, MiddlewareHandler } from 'hono';
import { routes } from '../../../shared/contract/index.ts';
import type { ClassResults, ReportingSetup } from '../class-results/class-results.ts';
import { accessOf, peerAddress } from './access.ts';
import type { AccessToken } from './access-token.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

/** A report is a few hundred bytes: more is refused before it is parsed. */
export const REPORT_BODY_LIMIT_BYTES = 4096;

export interface ClassResultsParts {
  results: ClassResults;
  reporting: ReportingSetup;
  /** LAN mode's class token (undefined: loopback only, nothing to collect). */
  token: AccessToken | undefined;
  adminToken: AccessToken | undefined;
  /** The class link's address (`http://192.168.1.5:18000`), in LAN mode. */
  shareBase: string | undefined;
}

const instructorOnly = (c: Context) =>
  fail(
    c,
    403,
    'instructor_only',
    "the class's results are shown on the instructor's machine only (http://127.0.0.1 there, or with the admin token)",
  );

/** The rate limit per address, then the body's size: before the body is validated. */
function admitReport(results: ClassResults): MiddlewareHandler {
  return async (c, next) => {
    const refused = results.admit(peerAddress(c) ?? 'unknown');
    if (refused && !refused.ok) {
      if (refused.retryAfterSeconds) c.header('Retry-After', String(refused.retryAfterSeconds));
      return fail(c, 429, refused.code, refused.message);
    }
    const text = await c.req.text();
    if (Buffer.byteLength(text) > REPORT_BODY_LIMIT_BYTES)
      return fail(
        c,
        413,
        'body_too_large',
        `a result report is at most ${REPORT_BODY_LIMIT_BYTES} bytes`,
      );
    return next();
  };
}

export function classResultsRoutes(parts: ClassResultsParts) {
  const { results, reporting, token, adminToken, shareBase } = parts;
  const view = () =>
    results.view({
      on: token !== undefined,
      link: token && shareBase ? `${shareBase}/?token=${token.current}` : null,
    });
  return declaredRoutes()
    .openapi(routes.classResults, (c) =>
      accessOf(c) === 'class' ? instructorOnly(c) : c.json(view(), 200),
    )
    .openapi(routes.collectResults, (c) => {
      const { on } = c.req.valid('json');
      if (on && !token)
        return fail(
          c,
          409,
          'lan_mode_required',
          'Collect results needs LAN mode, where students reach this app with the class link: start it with npm run serve -- --host 0.0.0.0',
        );
      results.setCollecting(on);
      return c.json(view(), 200);
    })
    .openapi({ ...routes.reportResult, middleware: [admitReport(results)] }, (c) => {
      if (!token)
        return fail(
          c,
          409,
          'lan_mode_required',
          'this app is not collecting results: it listens on loopback only (no LAN mode)',
        );
      const authorization = c.req.header('authorization') ?? '';
      const bearer = authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      if (!token.matches(bearer)) {
        if (adminToken?.matches(bearer))
          return fail(
            c,
            403,
            'class_token_required',
            "results are sent with the class token (the class link's), not the admin token",
          );
        return fail(
          c,
          401,
          'unauthorized',
          "send the class token as Authorization: Bearer <token> (the class link's ?token=)",
        );
      }
      const accepted = results.accept(c.req.valid('json'));
      if (accepted.ok) return c.json({ accepted: true as const, student: accepted.student }, 200);
      return fail(c, accepted.status, accepted.code, accepted.message);
    })
    .openapi(routes.reporting, (c) =>
      accessOf(c) === 'class' ? instructorOnly(c) : c.json(reporting.state(), 200),
    )
    .openapi(routes.startReporting, async (c) => {
      const { link, name } = c.req.valid('json');
      return c.json(await reporting.start(link, name), 200);
    })
    .openapi(routes.stopReporting, (c) => c.json(reporting.stop(), 200));
}
