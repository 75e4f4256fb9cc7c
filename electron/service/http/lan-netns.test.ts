// LAN mode as a class sees it: the real `serve --host 0.0.0.0`, and a student's machine played
// by a network namespace with its own address (10.200.N.2, over a veth pair to 10.200.N.1 on
// this machine; the test makes both and removes them, and sends traffic only between them).
// Needs root and `ip` (CI runs as root); without them the test is skipped, and says so.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, serve, waitFor } from '../../testing/serve.ts';

const run = promisify(execFile);

function netnsReady(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'ip (iproute2) or curl is missing';
  }
  return undefined;
}
const notReady = netnsReady();
if (notReady) {
  console.warn(
    `\n*** SKIPPED lan-netns.test.ts: ${notReady}. The class-link tests from another address did NOT run. ***\n`,
  );
}

const id = process.pid % 100_000;
const ns = `spx-${id}`;
const hostSide = `spxh${id}`;
const nsSide = `spxn${id}`;
const subnet = `10.200.${(process.pid % 200) + 20}`;
const hostAddress = `${subnet}.1`;
const classAddress = `${subnet}.2`;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request from the student's machine (inside the namespace), with curl. */
async function fromClass(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const args = ['netns', 'exec', ns, 'curl', '-s', '-i', '--path-as-is', '-m', '10', '-X', method];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  if (body !== undefined) args.push('-H', 'content-type: application/json', '--data', body);
  args.push(url);
  const { stdout } = await run('ip', args);
  const split = stdout.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = stdout.slice(0, split).split('\r\n');
  return {
    status: Number(statusLine?.split(' ')[1]),
    headers: Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]),
    ),
    body: stdout.slice(split + 4),
  };
}

const errorOf = (a: Answer) => (JSON.parse(a.body) as { error: string }).error;

describe.skipIf(notReady !== undefined)('LAN mode from another machine on the network', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-netns-'));
  let served: Served;
  let base: string;
  let classToken: string;
  let adminToken: string;
  beforeAll(async () => {
    ip('netns', 'add', ns);
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
    ip('link', 'set', nsSide, 'netns', ns);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${classAddress}/24`, 'dev', nsSide);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', nsSide, 'up');
    served = await serve([
      '--host',
      '0.0.0.0',
      '--preset',
      'emulated-5s',
      '--data-dir',
      join(scratch, 'data'),
    ]);
    const out = served.output();
    classToken = /\?token=([\w-]+)/.exec(out)?.[1] as string;
    adminToken = /admin token [^:]*: ([\w-]+)/.exec(out)?.[1] as string;
    base = `http://${hostAddress}:${served.port}`;
  });
  afterAll(async () => {
    await served?.stop();
    try {
      ip('netns', 'del', ns); // takes the veth pair with it
    } catch {
      // already gone
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('prints the admin token apart from the class link, which never carries it', () => {
    expect(classToken).toMatch(/^[\w-]{32}$/);
    expect(adminToken).toMatch(/^[\w-]{32}$/);
    expect(adminToken).not.toBe(classToken);
    const link = /class's browsers[^:]*: (\S+)/.exec(served.output())?.[1] as string;
    expect(link).not.toContain(adminToken);
  });

  it('lets the class link read, and refuses every change with read_only_link', async () => {
    const cls = { authorization: `Bearer ${classToken}` };
    const health = await fromClass('GET', `${base}/api/health`, cls);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'running', access: 'read_only' });
    expect((await fromClass('GET', `${base}/api/batches`, cls)).status).toBe(200);
    for (const [path, body] of [
      ['/api/pause', undefined],
      ['/api/clean', undefined],
      ['/api/config', '{"preset":"small"}'],
      ['/api/backfill', '{"from":"2024-01-01T00:00:00Z"}'],
      ['/api/spark/up', '{}'],
      ['/api/token/rotate', undefined],
    ] as const) {
      const r = await fromClass('POST', base + path, cls, body);
      expect(r.status, path).toBe(403);
      expect(errorOf(r), path).toBe('read_only_link');
    }
    // The same with the cookie the link sets, as the class's browsers send it.
    const opened = await fromClass('GET', `${base}/?token=${classToken}`);
    expect(opened.status).toBe(303);
    const cookie = (opened.headers['set-cookie'] ?? '').split(';')[0] as string;
    const paused = await fromClass('POST', `${base}/api/pause`, { cookie, origin: base });
    expect(errorOf(paused)).toBe('read_only_link');
    const local = await fetch(`http://127.0.0.1:${served.port}/api/health`);
    expect(await local.json()).toMatchObject({ status: 'running', access: 'full' });
  });

  it('lets changes in with the admin token, and from this machine over loopback', async () => {
    const admin = { authorization: `Bearer ${adminToken}` };
    const paused = await fromClass('POST', `${base}/api/pause`, admin);
    expect(paused.status).toBe(200);
    expect(JSON.parse(paused.body)).toMatchObject({ success: true, status: 'paused' });
    const health = await fromClass('GET', `${base}/api/health`, admin);
    expect(JSON.parse(health.body).access).toBe('full');
    // This machine's own dashboard: loopback, with a loopback Host, no token.
    const resumed = await fetch(`http://127.0.0.1:${served.port}/api/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    // Loopback does not help a request that names another Host.
    const lanHost = await served.call('/api/pause', {
      method: 'POST',
      headers: { host: `${hostAddress}:${served.port}`, authorization: `Bearer ${classToken}` },
    });
    expect(lanHost.status).toBe(403);
  });

  it('redirects the token link only to its own path', async () => {
    const r = await fromClass('GET', `${base}//evil.com/?token=${classToken}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/evil.com/');
  });

  it('ends the class link’s open event stream when the token is rotated', async () => {
    const stream = spawn('ip', [
      'netns',
      'exec',
      ns,
      'curl',
      '-s',
      '-N',
      '-H',
      `authorization: Bearer ${classToken}`,
      `${base}/api/stream`,
    ]);
    let text = '';
    stream.stdout.on('data', (d) => {
      text += d;
    });
    const ended = new Promise<number | null>((resolve) => stream.on('exit', resolve));
    try {
      await waitFor('the first event', () => (text.includes('event: health') ? true : undefined));
      const rotated = await fetch(`http://127.0.0.1:${served.port}/api/token/rotate`, {
        method: 'POST',
      });
      expect(rotated.status).toBe(200);
      expect(await ended).toBe(0); // curl exits 0 when the server ends the stream
      const fresh = ((await rotated.json()) as { token: string }).token;
      const old = await fromClass('GET', `${base}/api/stream`, {
        authorization: `Bearer ${classToken}`,
      });
      expect(old.status).toBe(401);
      classToken = fresh;
    } finally {
      stream.kill();
    }
  });
});
