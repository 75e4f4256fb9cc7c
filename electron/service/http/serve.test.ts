// The real `serve` process over real HTTP, for what only a process and a socket show: the
// security rules on the wire (a forged Host needs a raw request), signals, a restart, a
// SIGKILL mid-batch, and bad start-up input. The routes themselves are tested in-process
// (api.test.ts). These tests mostly wait for real intervals to close, so the groups run side
// by side (each on its own data dir and port); a group's own steps stay in order.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { errorSchema, healthSchema, logPageSchema } from '../../../shared/api.ts';
import { expectDocumented, parsed } from '../../testing/api-checks.ts';
import { runCli } from '../../testing/cli.ts';
import { batchesOnDisk } from '../../testing/data-dir.ts';
import { forgedRequests } from '../../testing/forged-requests.ts';
import { type Served, serve, sleep, waitFor } from '../../testing/serve.ts';
import { lanAddress as findLanAddress } from './lan-address.ts';

const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-serve-'));
const servers: Served[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});
let n = 0;
const freshDir = () => join(scratch, `d${n++}`);

async function started(args: string[]): Promise<Served> {
  const s = await serve(args);
  servers.push(s);
  return s;
}

describe('serve over a real socket', { concurrent: true }, () => {
  let s: Served;
  beforeAll(async () => {
    s = await started(['--preset', 'emulated-5s', '--data-dir', freshDir()]);
  });

  it.sequential('refuses requests a web page could forge, changing nothing', async ({ expect }) => {
    const statusBefore = (await s.call('/api/health')).body.status;
    for (const [path, init, status, code] of forgedRequests(s.port)) {
      const r = await s.call(path, init);
      expect(r.status, `${init.method ?? 'GET'} ${path}`).toBe(status);
      expect(parsed(errorSchema, r.body).error).toBe(code);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await s.call('/api/health')).body.status).toBe(statusBefore);
    const own = await s.call('/api/health', { headers: { origin: s.url } });
    expect(own.status).toBe(200);
  });

  it.sequential('pauses on SIGUSR1 and resumes on SIGUSR2, logged like the API calls', async ({
    expect,
  }) => {
    expect(s.output()).toMatch(/pause \/ resume: kill -USR1 \d+/);
    s.child.kill('SIGUSR1');
    await waitFor('paused', async () =>
      (await s.call('/api/health')).body.status === 'paused' ? true : undefined,
    );
    s.child.kill('SIGUSR2');
    await waitFor('running', async () =>
      (await s.call('/api/health')).body.status === 'running' ? true : undefined,
    );
    // SIGUSR1 did not open Node's debugger, and the process is still the same one.
    expect(s.output()).not.toMatch(/Debugger listening/);
    expect(s.child.exitCode).toBeNull();
    const messages = parsed(logPageSchema, (await s.call('/api/logs?limit=50')).body).entries.map(
      (e) => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'received SIGUSR1: pausing',
        'paused',
        'received SIGUSR2: resuming',
        'resumed',
      ]),
    );
  });

  it.sequential('describes every route and response seen here in its OpenAPI document', async ({
    expect,
  }) => {
    expectDocumented((await s.call('/api/openapi.json')).body, s.seen, expect);
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
const lanAddress = findLanAddress();

describe.runIf(lanAddress)('serve --host (LAN mode), reached on a non-loopback address', () => {
  it("lets in only the token: the printed link sets the cookie, the page's origin works, rotation shuts old links out", async ({
    expect,
  }) => {
    const s = await started([
      '--host',
      '0.0.0.0',
      '--preset',
      'emulated-5s',
      '--data-dir',
      freshDir(),
    ]);
    const link =
      /open this address in the class's browsers \(it carries the access token\): (http:\S+)/.exec(
        s.output(),
      )?.[1] as string;
    expect(link).toMatch(
      new RegExp(`^http://${lanAddress?.replaceAll('.', '\\.')}:${s.port}/\\?token=[\\w-]+$`),
    );
    const base = `http://${lanAddress}:${s.port}`;
    const token = new URL(link).searchParams.get('token') as string;
    // Without the token: nothing, not even the page.
    for (const path of ['/', '/api/health', '/api/openapi.json']) {
      expect((await fetch(base + path)).status, path).toBe(401);
    }
    expect((await fetch(`${base}/?token=guess`, { redirect: 'manual' })).status).toBe(401);
    // The link: a cookie, and the clean address.
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toBe(`spark_exp_token=${token}`);
    // The cookie gets the page as the token header does (the dashboard, or its not-built
    // note before `npm run build:ui`; e2e/lan-mode.spec.ts opens the built one in Chromium).
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const withHeader = await fetch(`${base}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(await page.text()).toBe(await withHeader.text());
    // The class link reads only (lan-netns.test.ts): the page's own origin may not pause.
    const own = await fetch(`${base}/api/pause`, {
      method: 'POST',
      headers: { cookie, origin: base },
    });
    expect(own.status).toBe(403);
    expect(((await own.json()) as { error: string }).error).toBe('read_only_link');
    const foreign = await fetch(`${base}/api/resume`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    // Rotation, from this machine: the old link and cookie stop working.
    const rotated = await fetch(`http://127.0.0.1:${s.port}/api/token/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rotated.status).toBe(200);
    const fresh = (await rotated.json()) as { token: string; url: string };
    expect(fresh.url).toBe(`${base}/?token=${fresh.token}`);
    expect((await fetch(`${base}/api/health`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
    const again = await fetch(`${base}/api/health`, {
      headers: { authorization: `Bearer ${fresh.token}` },
    });
    expect(again.status).toBe(200);
  });
});

describe('serve across restarts', { concurrent: true }, () => {
  it('stays paused with its counters after a graceful stop', async ({ expect }) => {
    const dir = freshDir();
    const first = await started(['--preset', 'emulated-5s', '--data-dir', dir]);
    await waitFor('a batch', async () =>
      (await first.call('/api/health')).body.driver_batches >= 1 ? true : undefined,
    );
    await first.call('/api/pause', { method: 'POST' });
    const before = parsed(healthSchema, (await first.call('/api/health')).body);
    const stopped = await first.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: finishing the batch in flight/);
    const second = await started(['--data-dir', dir]);
    const after = parsed(healthSchema, (await second.call('/api/health')).body);
    expect(after.status).toBe('paused');
    expect(after.preset).toBe('emulated-5s');
    expect(after.driver_batches).toBe(before.driver_batches);
    expect(after.company_batches).toBe(before.company_batches);
    expect(after.totals).toEqual(before.totals);
    // A whole interval closes while it is paused: nothing is produced.
    await sleep(5_500);
    expect(parsed(healthSchema, (await second.call('/api/health')).body).driver_batches).toBe(
      before.driver_batches,
    );
    await second.stop();
  });
});

describe('serve: bad start-up input', { concurrent: true }, () => {
  it('exits 2 when the port is taken', async ({ expect }) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const dir = freshDir();
    const result = await runCli(['serve', '--port', String(port), '--data-dir', dir]);
    blocker.close();
    expect(result.code).toBe(2);
    // Its one line, with the command to type again, and no usage text after it.
    expect(result.stderr).toBe(
      `error: port_in_use: port ${port} is taken by another program; try serve --port ${port + 1} --data-dir ${dir}\n`,
    );
  });

  it('exits 2 on an invalid config and on an unwritable data dir', async ({ expect }) => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'number_of_companies: 0\n');
    const invalid = await runCli([
      'serve',
      '--port',
      '0',
      '--config',
      bad,
      '--data-dir',
      freshDir(),
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/number_of_companies \(0\) must be > 0/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const unwritable = await runCli(['serve', '--port', '0', '--data-dir', join(file, 'data')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/data_dir_unwritable/);
  });
});

describe('serve after SIGKILL', { concurrent: true }, () => {
  it('after SIGKILL mid-batch: no partial batch, missed intervals caught up, content equal to generate', async ({
    expect,
  }) => {
    const dir = freshDir();
    const config = join(scratch, 'big-emulated.yaml');
    // The largest emulated batches the config bounds allow every 5 s (5 million events an
    // hour: 6,944 a batch), so a kill can land inside one.
    writeFileSync(
      config,
      `name: big-emulated\nseed: 77\nnumber_of_companies: 1\ndrivers_per_company: 20\nevent_rate_per_driver: 1\ncompany_onboarding_interval: PT1H\nemulated_mode:\n  enabled: true\n  company_batch_interval: PT5S\n  driver_batch_interval: PT5S\n  companies_per_batch: 50\n  events_per_batch_min: 5000\n  events_per_batch_max: 6944\nquality_injection:\n  enabled: true\n  error_rate: 0.05\n`,
    );
    const first = await started(['--config', config, '--data-dir', dir, '--workers', '1']);
    await waitFor(
      'two batches',
      async () => ((await first.call('/api/health')).body.driver_batches >= 2 ? true : undefined),
      20_000,
    );
    // Kill shortly after the next interval closes, while its batch is being written.
    const nextClose = Math.ceil(Date.now() / 5000) * 5000;
    await sleep(nextClose - Date.now() + 60);
    await first.stop('SIGKILL');
    const killedAt = Date.now();
    const visible = readdirSync(join(dir, 'raw', 'events'));
    for (const name of visible.filter((v) => !v.startsWith('.'))) {
      const folder = join(dir, 'raw', 'events', name);
      const meta = JSON.parse(readFileSync(join(folder, 'batch_meta.json'), 'utf8'));
      expect(readFileSync(join(folder, 'events.jsonl'), 'utf8').split('\n').length - 1).toBe(
        meta.record_count,
      );
    }
    // Stay down for two more intervals, then come back: they are caught up at start.
    await sleep(Math.max(0, killedAt + 10_500 - Date.now()));
    const second = await started(['--config', config, '--data-dir', dir, '--workers', '1']);
    const restartAt = Date.now();
    await waitFor(
      'catch-up',
      async () => {
        const h = parsed(healthSchema, (await second.call('/api/health')).body);
        const last = h.driver_generator.last_interval_end;
        return last && Date.parse(last) >= Math.floor(restartAt / 5000) * 5000 ? h : undefined;
      },
      20_000,
    );
    await second.stop();
    expect(readdirSync(join(dir, 'raw', 'events')).filter((v) => v.startsWith('.'))).toEqual([]);
    const batches = batchesOnDisk(dir);
    const starts = batches.map((b) => Date.parse(b.meta.interval_start));
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBe(5000); // no interval missing
    const logs = readdirSync(join(dir, 'manifests', 'logs'))
      .map((d) => readFileSync(join(dir, 'manifests', 'logs', d, 'generator.log.jsonl'), 'utf8'))
      .join('');
    expect(logs).toMatch(/catching up missed intervals/);
    // The same intervals from `generate` are byte-identical.
    const state = JSON.parse(readFileSync(join(dir, 'manifests', 'generator_state.json'), 'utf8'));
    const reference = freshDir();
    const from = state.epochs[0].start;
    const to = batches.at(-1)?.meta.interval_end as string;
    const gen = await runCli([
      'generate',
      '--config',
      config,
      '--data-dir',
      reference,
      '--from',
      from,
      '--to',
      to,
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    for (const b of batches) {
      for (const file of ['events.jsonl', '_quality.jsonl']) {
        const live = readFileSync(join(dir, 'raw', 'events', b.id, file));
        const offline = readFileSync(join(reference, 'raw', 'events', b.id, file));
        expect(live.equals(offline), `${b.id}/${file}`).toBe(true);
      }
    }
    const liveCompanies = readFileSync(join(dir, 'raw', 'companies.jsonl'), 'utf8');
    const offlineCompanies = readFileSync(join(reference, 'raw', 'companies.jsonl'), 'utf8');
    const common = Math.min(liveCompanies.length, offlineCompanies.length);
    expect(common).toBeGreaterThan(0);
    expect(liveCompanies.slice(0, common)).toBe(offlineCompanies.slice(0, common));
  });
});
