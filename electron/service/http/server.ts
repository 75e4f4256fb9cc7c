// Wires the generator service to a listening HTTP server. Both hosts use this: `npm run serve`
// and the Electron main process.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { GeneratorService } from '../generator/generator-service.ts';
import { type Host, type HostOptions, startHost } from '../host.ts';
import { DataFolderLock } from '../platform/data-folder-lock.ts';
import type { SparkController } from '../spark/spark-controller.ts';
import { AccessToken } from './access-token.ts';
import { createApi } from './app.ts';
import { lanAddress } from './lan-address.ts';
import { listenError } from './listen-error.ts';

export interface RunningServer {
  service: GeneratorService;
  server: Server;
  url: string;
  /** LAN mode's access token (its current value changes when rotated). */
  token: AccessToken | undefined;
  /** LAN mode: the instructor's token for changes from another machine (never in a link). */
  adminToken: AccessToken | undefined;
  /** LAN mode: the address to hand out, with the token (`http://192.168.1.5:18000/?token=…`). */
  shareUrl(): string | undefined;
  spark: SparkController;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The host to put in the shared link: for all interfaces, this machine's first LAN address. */
function lanHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  return lanAddress() ?? '127.0.0.1';
}

export async function startServer(
  options: HostOptions & {
    port: number;
    host?: string;
    /**
     * Inside the generator's container: listen on all of the container's interfaces. The token
     * stays on (a plain `docker run -p 18000:18000` publishes on every host interface) unless
     * `noToken` says the port is published on the host's 127.0.0.1 only (the compose file).
     */
    container?: boolean;
    /** With `container`: no token (`serve --container --no-token`). */
    noToken?: boolean;
    uiDir?: string;
  },
): Promise<RunningServer> {
  const host = options.container ? '0.0.0.0' : (options.host ?? '127.0.0.1');
  // Beyond loopback every request must carry a bearer token
  // (docs/api.md).
  const token =
    LOOPBACK.has(host) || (options.container && options.noToken) ? undefined : new AccessToken();
  const adminToken = token ? new AccessToken() : undefined;
  const writer = options.writer ?? { command: options.container ? 'generator container' : 'serve' };
  // A folder another generator writes is refused before listening: that answer names the
  // other process and its port, clearer than its port being taken. A folder that does not
  // exist yet has no writer, and is only made once listening works.
  if (existsSync(options.dataDir)) DataFolderLock.assertFree(options.dataDir, writer);
  // Listen first: a taken port must fail before the data dir is touched.
  const holder: { app?: ReturnType<typeof createApi> } = {};
  const server = createAdaptorServer({
    fetch: (request: Request, env: unknown) => {
      if (!holder.app) return new Response('starting', { status: 503 });
      return holder.app.fetch(request, env);
    },
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, options.port)));
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let running: Host;
  try {
    running = startHost({ ...options, writer: { ...writer, port } });
  } catch (err) {
    server.close();
    throw err;
  }
  const { service, spark } = running;
  const shownHost = options.container ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  // A container cannot know the host's address: the link names the published port on loopback.
  const shareBase = token
    ? `http://${options.container ? shownHost : lanHost(host)}:${port}`
    : undefined;
  holder.app = createApi({
    parts: running,
    port,
    token,
    adminToken,
    shareBase,
    allowedOrigins: options.allowedOrigins,
    uiDir: options.uiDir,
  });
  return {
    service,
    server,
    url: `http://${shownHost}:${port}`,
    token,
    adminToken,
    shareUrl: () => (token && shareBase ? `${shareBase}/?token=${token.current}` : undefined),
    spark,
    stop: async () => {
      await running.stop();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
