// Memory of the instructor's `serve` with a class reporting (issue 20, Measured). Prints
// figures; asserts nothing. `npm run bench:class` (options: --runs N, default 3; --seconds S
// of steady reporting per run, default 120; --students N, default 1,000).
//
// Each run starts the real `serve --host 0.0.0.0` (the prebuilt bundle, as npm run serve runs
// it) with the inspector on loopback, turns Collect results on, opens the dashboard's event
// stream, and plays N students: each reports a check every 10 s (spread over the 10 s), over
// its own connection from its own loopback address (127.x.y.z, so the per-address rate limit
// treats them as the class's machines), with the class token. RSS comes from /proc, the V8
// heap from the inspector after a full GC (Runtime.getHeapUsage). Figures: before any report,
// then the median of one sample every 10 s of steady reporting; medians over the runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AS_NPM_RUNS_IT, REPO } from './serve-process.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '120' },
    students: { type: 'string', default: '1000' },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const STUDENTS = Number(values.students);
const PERIOD_MS = 10_000;
const EXERCISES = [
  '01-bronze',
  '02-timestamps',
  '03-quarantine',
  '04-stream-bronze',
  '05-stream-silver',
  '06-stream-gold',
  '07-off-interval',
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** The Chrome DevTools protocol of the child, over the inspector's WebSocket. */
async function inspector(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** V8's used heap after a full collection, in bytes. */
    async heapUsed(): Promise<number> {
      await send('HeapProfiler.collectGarbage');
      return ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    },
    close: () => socket.close(),
  };
}

function startServe(dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      '--inspect=127.0.0.1:0',
      ...AS_NPM_RUNS_IT,
      'serve',
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--preset',
      'emulated-5s',
      '--paused',
      '--data-dir',
      dataDir,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const ready = new Promise<{ port: number; token: string; inspect: string }>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      const token = /\?token=([\w-]+)/.exec(out)?.[1];
      const inspect = /Debugger listening on (ws:\/\/\S+)/.exec(err)?.[1];
      if (port && token && inspect) resolve({ port: Number(port), token, inspect });
    });
    child.on('exit', () => reject(new Error(`serve exited:\n${out}\n${err}`)));
  });
  return { child, ready };
}

const rss = (child: ChildProcess) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) * 1024;

interface Sent {
  status: number;
  ms: number;
}

/** One report from a student's own loopback address, with the class token. */
function report(
  agent: Agent,
  port: number,
  token: string,
  n: number,
  round: number,
): Promise<Sent> {
  const body = JSON.stringify({
    student_id: `bench-student-${String(n).padStart(8, '0')}`,
    name: `Student ${n}`,
    exercise: EXERCISES[(n + round) % EXERCISES.length],
    passed: (n + round) % 5,
    total: 4 + (n % 2),
    checked_at: new Date().toISOString(),
  });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/class/results/report',
        localAddress: `127.10.${Math.floor(n / 254)}.${1 + (n % 254)}`,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

async function run(index: number) {
  const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-class-'));
  const { child, ready } = startServe(join(scratch, 'data'));
  const { port, token, inspect } = await ready;
  const base = `http://127.0.0.1:${port}`;
  const cdp = await inspector(inspect);
  const on = await fetch(`${base}/api/class/results/collect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ on: true }),
  });
  if (!on.ok) throw new Error(`collect: ${on.status} ${await on.text()}`);
  // The instructor's dashboard, following the stream (its events are read and dropped).
  const stream = new AbortController();
  const events = { results: 0 };
  void fetch(`${base}/api/stream`, { signal: stream.signal })
    .then(async (r) => {
      const decoder = new TextDecoder();
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>)
        events.results += (decoder.decode(chunk).match(/event: class_results/g) ?? []).length;
    })
    .catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = { rss: rss(child), heap: await cdp.heapUsed() };

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sent: Sent[] = [];
  const started = performance.now();
  const until = started + PERIOD_MS + SECONDS * 1000;
  const timers = Array.from({ length: STUDENTS }, (_, n) => {
    let round = 0;
    const tick = () => {
      if (performance.now() > until) return;
      void report(agent, port, token, n, round++).then((s) => sent.push(s));
    };
    const first = setTimeout(
      () => {
        tick();
        timers[n] = setInterval(tick, PERIOD_MS);
      },
      (n * PERIOD_MS) / STUDENTS,
    );
    return first;
  });
  // Warm-up: every student has reported once.
  await new Promise((resolve) => setTimeout(resolve, PERIOD_MS));
  const samples: Array<{ rss: number; heap: number }> = [];
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, PERIOD_MS));
    samples.push({ rss: rss(child), heap: await cdp.heapUsed() });
  }
  for (const t of timers) clearInterval(t);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const grid = (await (await fetch(`${base}/api/class/results`)).json()) as { students: unknown[] };
  const file = statSync(join(scratch, 'data', 'class-results.json')).size;
  stream.abort();
  cdp.close();
  agent.destroy();
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(scratch, { recursive: true, force: true });

  const ok = sent.filter((s) => s.status === 200);
  const figures = {
    rssBefore: mb(before.rss),
    heapBefore: mb(before.heap),
    rss: median(samples.map((s) => mb(s.rss))),
    heap: median(samples.map((s) => mb(s.heap))),
    rssMax: Math.max(...samples.map((s) => mb(s.rss))),
  };
  console.log(
    `run ${index + 1}: ${grid.students.length} students in the grid; ${sent.length} reports in ${((performance.now() - started) / 1000).toFixed(0)} s ` +
      `(${ok.length} accepted, ${sent.length - ok.length} refused; p50 ${pct(
        ok.map((s) => s.ms),
        50,
      ).toFixed(1)} ms, p99 ${pct(
        ok.map((s) => s.ms),
        99,
      ).toFixed(1)} ms); ` +
      `${events.results} class_results events; file ${(file / 1024).toFixed(0)} KiB\n` +
      `       before any report: RSS ${figures.rssBefore.toFixed(1)} MB, heap ${figures.heapBefore.toFixed(1)} MB; ` +
      `reporting (median of ${samples.length} samples): RSS ${figures.rss.toFixed(1)} MB (max ${figures.rssMax.toFixed(1)}), heap ${figures.heap.toFixed(1)} MB`,
  );
  return figures;
}

console.log(
  `class results: ${STUDENTS} students each reporting every ${PERIOD_MS / 1000} s, ${SECONDS} s per run, ${RUNS} runs (serve --host 0.0.0.0 --paused, the prebuilt bundle)`,
);
const runs: Array<Awaited<ReturnType<typeof run>>> = [];
for (let i = 0; i < RUNS; i++) runs.push(await run(i));
const m = (key: keyof (typeof runs)[number]) => median(runs.map((r) => r[key])).toFixed(1);
console.log(
  `median over ${RUNS} runs: before any report RSS ${m('rssBefore')} MB, heap ${m('heapBefore')} MB; ` +
    `with ${STUDENTS} students reporting RSS ${m('rss')} MB, heap ${m('heap')} MB`,
);
