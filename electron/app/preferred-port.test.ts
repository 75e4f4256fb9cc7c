import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ListenError, StoreError } from '../service/kernel/errors.ts';
import { startOnPreferredPort } from './preferred-port.ts';

/** A start function whose preferred port fails with `error`; it records the ports it was given. */
function refusing(error: Error) {
  const ports: number[] = [];
  return {
    ports,
    async start(port: number): Promise<string> {
      ports.push(port);
      if (port !== 0) throw error;
      return 'listening on a free port';
    },
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Listens like startServer does, turning the system's refusal into its ListenError. */
function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new ListenError('port_in_use', 'taken') : err),
    );
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : -1);
    });
  });
}

describe('the desktop app picks its port', () => {
  it('falls back to a free port when the system reserves the preferred one (Hyper-V, WSL: EACCES)', async () => {
    const denied = new ListenError('port_denied', 'port 18000 is reserved by the system');
    const fake = refusing(denied);
    await expect(startOnPreferredPort(18000, fake.start)).resolves.toBe('listening on a free port');
    expect(fake.ports).toEqual([18000, 0]);
  });

  it('falls back to a free port when another program holds the preferred one', async () => {
    const fake = refusing(new ListenError('port_in_use', 'port 18000 is taken'));
    await expect(startOnPreferredPort(18000, fake.start)).resolves.toBe('listening on a free port');
    expect(fake.ports).toEqual([18000, 0]);
  });

  it('does not hide other start-up failures behind another port', async () => {
    const fake = refusing(new StoreError('data_dir_unwritable', 'cannot write the data folder'));
    await expect(startOnPreferredPort(18000, fake.start)).rejects.toThrow('cannot write');
    expect(fake.ports).toEqual([18000]);
  });

  it('takes a real free port when a real program holds the preferred one', async () => {
    const taken = await listen(0);
    const port = await startOnPreferredPort(taken, listen);
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(taken);
  });
});
