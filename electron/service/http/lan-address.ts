// This machine's address on the local network: for the link LAN mode prints, and for the
// tests that reach the service from beyond loopback.
import { networkInterfaces } from 'node:os';

/** This machine's first non-loopback IPv4 address, if it has one. */
export function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}
