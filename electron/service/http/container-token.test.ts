// `serve --container` (the generator image) listens on every interface of its container, so
// it keeps the access token unless --no-token or SPARK_EXPERIMENTS_NO_TOKEN=1 opts out (the
// compose file does: it publishes the port on 127.0.0.1 only). Real `serve` processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../testing/cli.ts';
import { type Served, serve } from '../../testing/serve.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-container-'));
const running: Served[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  rmSync(scratch, { recursive: true, force: true });
});
let n = 0;

/** `serve --container` as if inside a container (`container` is what podman/systemd set). */
async function inContainer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const s = await serve(
    ['--container', '--paused', '--data-dir', join(scratch, `d${n++}`), ...args],
    (a) => startCli(a, { env: { ...process.env, container: 'test', ...env } }),
  );
  running.push(s);
  return s;
}

describe('serve --container', () => {
  it('requires the token by default and prints the link that carries it', async () => {
    const s = await inContainer([]);
    // Through a published port a request comes from the bridge's gateway, not the container's
    // own loopback (which counts as this machine): a foreign Host header stands in for that.
    const outside = { host: `192.0.2.10:${s.port}` };
    const bare = await s.call('/api/health', { headers: outside });
    expect(bare.status).toBe(401);
    expect(bare.body.error).toBe('unauthorized');
    const token = /Authorization: Bearer ([^\s"]+)/.exec(s.output())?.[1];
    expect(token).toBeTruthy();
    expect(s.output()).toContain(`http://127.0.0.1:${s.port}/?token=${token}`);
    const ok = await s.call('/api/health', {
      headers: { ...outside, authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('paused');
  });

  it('turns the token off only with --no-token or SPARK_EXPERIMENTS_NO_TOKEN=1', async () => {
    const flag = await inContainer(['--no-token']);
    expect((await flag.call('/api/health')).status).toBe(200);
    const env = await inContainer([], { SPARK_EXPERIMENTS_NO_TOKEN: '1' });
    expect((await env.call('/api/health')).status).toBe(200);
    // Without a token the Host rule holds again: only a loopback Host is answered.
    const forged = await flag.call('/api/health', { headers: { host: `192.0.2.10:${flag.port}` } });
    expect(forged.status).toBe(403);
  });

  it('refuses --no-token outside --container', async () => {
    const r = await runCli(['serve', '--port', '0', '--no-token']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-token is for --container only');
  });
});
