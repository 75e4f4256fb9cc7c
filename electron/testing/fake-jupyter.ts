// A stand-in for the stack's JupyterLab on 127.0.0.1: GET /api answers like Jupyter Server
// (its version, no token needed), or fails with `status` to play an unhealthy one.
import { createServer, type Server } from 'node:http';

export interface FakeJupyter {
  url: string;
  port: number;
  /** The status GET /api answers with next (200: healthy). */
  status: number;
  close(): Promise<void>;
}

export async function startFakeJupyter(): Promise<FakeJupyter> {
  const fake = { status: 200 } as FakeJupyter;
  const server: Server = createServer((req, res) => {
    if (req.url === '/api' && fake.status === 200) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: '2.16.0' }));
      return;
    }
    res.writeHead(fake.status === 200 ? 404 : fake.status);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

/** A port on 127.0.0.1 where nothing listens (taken and released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
