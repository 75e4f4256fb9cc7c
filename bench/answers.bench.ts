// GET /api/answers under load (issue 22): a page or script asking for the answer key of a big
// range must not take the service with it. Prints figures; asserts nothing. Run with
// `npm run bench:answers -- [--batches N]` (default 10 batches of `scaling`,
// about 1.05 M lines); `serve` runs from the sources of this tree, so the same file measures
// an older tree too.
//
//  1. GET /api/health latency idle.
//  2. One answer over the whole range: cold, then asked again.
//  3. Six different ranges at once (distinct `to`, same batches): wall time of the six, health
//     latency while they run, and the service's peak resident memory.
//  4. Six identical requests at once.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FROM_SOURCES, REPO as root, startServe as startServeWith } from './serve-process.ts';

const batchesArg = process.argv.indexOf('--batches');
const batches = batchesArg > 0 ? Number(process.argv[batchesArg + 1]) : 10;
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-answers-'));
const dataDir = join(scratch, 'data');
const FROM = Date.UTC(2024, 0, 1);
const TO = FROM + batches * 15 * 60_000;
const cli = FROM_SOURCES;

const generateStarted = performance.now();
execFileSync(
  process.execPath,
  [
    ...cli,
    'generate',
    '--preset',
    'scaling',
    '--from',
    new Date(FROM).toISOString(),
    '--to',
    new Date(TO).toISOString(),
    '--data-dir',
    dataDir,
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
console.log(
  `dataset: ${batches} scaling batches generated in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s`,
);

function startServe(): { child: ChildProcess; url: Promise<string> } {
  return startServeWith(cli, ['--preset', 'scaling', '--paused', '--data-dir', dataDir]);
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const show = (xs: number[], failed = 0) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} requests${failed ? `, ${failed} failed` : ''})`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed(url: string): Promise<{ ms: number; status: number; body: string }> {
  const t = performance.now();
  const r = await fetch(url);
  const body = await r.text();
  return { ms: performance.now() - t, status: r.status, body };
}

/** `n` answers at once (the range of each from `toOffset(i)`), with health polled meanwhile. */
async function underLoad(base: string, n: number, toOffset: (i: number) => number) {
  let running = true;
  const health: number[] = [];
  let healthFailed = 0;
  const poll = (async () => {
    while (running) {
      try {
        health.push((await timed(`${base}/api/health`)).ms);
      } catch {
        healthFailed++; // the connection was reset: counted, and asked again
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      timed(`${base}/api/answers?to=${new Date(TO + toOffset(i) * 1000).toISOString()}`),
    ),
  );
  const wall = performance.now() - started;
  running = false;
  await poll;
  const failed = answers.filter((a) => a.status !== 200);
  if (failed.length > 0) throw new Error(`answers failed: ${failed[0]?.body}`);
  return { wall, health, healthFailed, answers };
}

const { child, url } = startServe();
const exited = new Promise((resolve) => child.on('exit', resolve));
try {
  const base = await url;
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1]);

  const idle: number[] = [];
  for (let i = 0; i < 200; i++) {
    idle.push((await timed(`${base}/api/health`)).ms);
    await new Promise((r) => setTimeout(r, 5));
  }
  console.log(`GET /api/health idle:                   ${show(idle)}`);
  const rssBefore = kb('VmRSS') / 1024;

  const cold = await timed(`${base}/api/answers`);
  const lines = (JSON.parse(cold.body) as { lines: number }).lines;
  const warm = await timed(`${base}/api/answers`);
  console.log(
    `one answer over ${lines.toLocaleString('en-US')} lines: ${seconds(cold.ms)} cold, ${seconds(warm.ms)} asked again`,
  );

  const distinct = await underLoad(base, 6, (i) => i + 1);
  console.log(
    `six different ranges at once: all answered in ${seconds(distinct.wall)} (each ${distinct.answers.map((a) => seconds(a.ms)).join(', ')})`,
  );
  console.log(
    `GET /api/health during the six:         ${show(distinct.health, distinct.healthFailed)}`,
  );
  console.log(
    `serve's resident memory: ${rssBefore.toFixed(0)} MB before the answers, peak ${(kb('VmHWM') / 1024).toFixed(0)} MB`,
  );

  const same = await underLoad(base, 6, () => 100);
  console.log(`six identical requests at once: all answered in ${seconds(same.wall)}`);
  console.log(`GET /api/health during the identical six: ${show(same.health, same.healthFailed)}`);
} finally {
  child.kill('SIGTERM');
  await exited;
  rmSync(scratch, { recursive: true, force: true });
}
