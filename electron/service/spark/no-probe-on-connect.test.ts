// Connecting runs no Python: on a Mac without developer tools, /usr/bin/python3 pops an
// "install developer tools" dialog each time it runs. A real `serve` with a stand-in python3
// on PATH that records its calls: the dashboard's requests leave it alone, a start uses it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sparkStatusSchema } from '../../../shared/api.ts';
import { startCli } from '../../testing/cli.ts';
import { callsOf, standInPython } from '../../testing/python-standins.ts';
import { type Served, serve, waitFor } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-no-probe-'));
let server: Served | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Distinct ports nothing listens on now (Spark's own may be held by another test's cluster). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

describe('connecting to the dashboard', () => {
  it('runs no Python for health, the Spark status or the stream; a local start does', async () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    // A python3 without pyspark: a start finds it, says what it lacks, and refuses.
    const python3 = standInPython(bin, 'python3', { pyspark: null });
    // No docker and no HOME: the local path is the only one, and there is no managed Python.
    const [masterUi, master, appUi] = await freePorts(3);
    const env = {
      PATH: bin,
      TZ: 'UTC',
      SPARK_EXPERIMENTS_MASTER_UI_PORT: String(masterUi),
      SPARK_EXPERIMENTS_MASTER_PORT: String(master),
      SPARK_EXPERIMENTS_APP_UI_PORT: String(appUi),
    };
    server = await serve(['--data-dir', join(scratch, 'data'), '--paused'], (args) =>
      startCli(args, { env }),
    );
    const s = server;
    expect((await s.call('/api/health')).status).toBe(200);
    const status = sparkStatusSchema.parse((await s.call('/api/spark')).body);
    expect(status.backends.docker.state).toBe('cli_missing');
    expect(status.backends.local).toMatchObject({ available: false, checked: false });
    const stream = await fetch(`${s.url}/api/stream`);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('event: health')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('event: health');
    expect(callsOf(python3)).toEqual([]);

    const up = await s.call('/api/spark/up', { method: 'POST' });
    expect(up.status).toBe(409);
    expect(up.body.error).toBe('no_spark_backend');
    expect(up.body.message).toContain(`python3 (${python3}): Python 3.11.7, without pyspark 3.5.8`);
    expect(callsOf(python3)).toEqual(['python3 -c']);
    // What the start found is shown from then on, without looking again.
    const after = await waitFor('the local backend as found', async () => {
      const local = sparkStatusSchema.parse((await s.call('/api/spark')).body).backends.local;
      return local.checked ? local : undefined;
    });
    expect(after.detail).toContain('without pyspark 3.5.8');
    expect(callsOf(python3)).toEqual(['python3 -c']);
  });
});
