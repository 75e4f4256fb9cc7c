// POST /api/token/rotate: a new LAN access token, from the machine itself only (loopback or one
// of its own addresses) or with the admin token, so an instructor can shut out every link
// handed out so far. Answers the new link.
import { networkInterfaces } from 'node:os';
import type { Context } from 'hono';
import { routes } from '../../../shared/contract/index.ts';
import type { Logger } from '../logs/logger.ts';
import { accessOf, overLoopback, peerAddress } from './access.ts';
import type { AccessToken } from './access-token.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

/** Whether the request comes from this machine (its loopback or any of its own addresses). */
function fromThisMachine(c: Context): boolean {
  if (overLoopback(c)) return true;
  const address = peerAddress(c);
  if (address === undefined) return false;
  return Object.values(networkInterfaces())
    .flat()
    .some((a) => a?.address === address);
}

export function tokenRoutes(
  token: AccessToken | undefined,
  shareBase: string | undefined,
  log: Pick<Logger, 'warn'>,
) {
  return declaredRoutes().openapi(routes.rotateToken, (c) => {
    if (!token)
      return fail(c, 409, 'no_token', 'this API listens on loopback only and has no token');
    if (!fromThisMachine(c) && accessOf(c) !== 'admin')
      return fail(
        c,
        403,
        'local_only',
        'rotate the token on the machine serve runs on (or send the admin token serve printed)',
      );
    const fresh = token.rotate();
    log.warn('rotated the LAN access token: earlier links and cookies no longer work', {});
    return c.json({ token: fresh, url: `${shareBase ?? ''}/?token=${fresh}` }, 200);
  });
}
