// LAN mode (`serve --host`): who may use the API beyond loopback. As in Jupyter, the one
// address `serve` prints carries the token; opening it sets an HttpOnly, SameSite=Strict
// cookie and redirects to the clean address, so the class's browsers need nothing else.
// Scripts send `Authorization: Bearer <token>`. The instructor rotates the token from the
// machine itself (POST /api/token/rotate from 127.0.0.1), which shuts out every old link.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'spark_exp_token';

/** Compares in constant time (of hashes, so the lengths match too): no timing hints. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export class AccessToken {
  private value: string;
  private readonly rotated = new Set<() => void>();

  constructor(value: string = AccessToken.fresh()) {
    this.value = value;
  }

  static fresh(): string {
    return randomBytes(24).toString('base64url');
  }

  get current(): string {
    return this.value;
  }

  matches(given: string | undefined): boolean {
    return given !== undefined && sameSecret(given, this.value);
  }

  /** A bearer header or the cookie with the current token. */
  admits(authorization: string | undefined, cookie: string | undefined): boolean {
    if (authorization?.startsWith('Bearer ') && this.matches(authorization.slice(7))) return true;
    return this.matches(cookie);
  }

  rotate(): string {
    this.value = AccessToken.fresh();
    for (const listener of this.rotated) listener();
    return this.value;
  }

  /** Called after each rotation (the event streams it let in are closed then). */
  onRotate(listener: () => void): void {
    this.rotated.add(listener);
  }
}
