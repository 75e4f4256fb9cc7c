// Responsiveness and memory of `npm run serve` (issue: continuous service). Prints figures;
// asserts nothing. Run with `npm run bench:serve` (option --quick for a shorter memory run,
// --from-source to run `serve` through tsx from the sources, as before the prebuilt bundle).
//
//  1. Start-up: time from spawning `serve` until /api/health answers 200 (median of 5).
//  2. GET /api/health latency, idle and while a backfill of `scaling` batches (~105,000 events
//     each) runs in the workers, in the same run: p50 / p99 / max.
//  3. Memory over a long emulated run: `emulated` on a clock running 500x real time;
//     resident memory after 500 and 1,000 batches, and after 5,000.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_NPM_RUNS_IT, FROM_SOURCES, startServe as startServeWith } from './serve-process.ts';

const quick = process.argv.includes('--quick');
const fromSource = process.argv.includes('--from-source');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-serve-'));

function startServe(args: string[]): { child: ChildProcess; url: Promise<string> } {
  return startServeWith(fromSource ? FROM_SOURCES : AS_NPM_RUNS_IT, args);
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const median = (xs: number[]) => percentile(xs, 50);

async function timedHealth(url: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(`${url}/api/health`);
  await r.arrayBuffer();
  return performance.now() - t;
}

// 1. Start-up
const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const { child, url } = startServe([
    '--preset',
    'emulated-5s',
    '--data-dir',
    join(scratch, `start-${i}`),
  ]);
  const base = await url;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  startups.push(performance.now() - t0);
  await stop(child);
}
console.log(
  `serve start-up to first /api/health 200: median ${median(startups).toFixed(0)} ms (runs: ${startups.map((x) => x.toFixed(0)).join(', ')})`,
);

// 2. Health latency idle vs during a scaling backfill
{
  const { child, url } = startServe([
    '--preset',
    'scaling',
    '--paused',
    '--data-dir',
    join(scratch, 'latency'),
  ]);
  const base = await url;
  const idle: number[] = [];
  for (let i = 0; i < 400; i++) {
    idle.push(await timedHealth(base));
    await new Promise((r) => setTimeout(r, 5));
  }
  const from = new Date(Math.floor(Date.now() / 900_000) * 900_000 - 12 * 3600_000).toISOString();
  const r = await fetch(`${base}/api/backfill`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from }),
  });
  if (r.status !== 202) throw new Error(`backfill refused: ${await r.text()}`);
  const busy: number[] = [];
  const started = performance.now();
  for (;;) {
    busy.push(await timedHealth(base));
    const b = (await (await fetch(`${base}/api/backfill`)).json()) as {
      backfill: { running: boolean; done: number; events: number };
    };
    if (!b.backfill.running) {
      console.log(
        `backfill of 12 h of scaling batches: ${b.backfill.done} batches, ${b.backfill.events.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      break;
    }
    await new Promise((r2) => setTimeout(r2, 5));
  }
  const show = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} requests)`;
  console.log(`GET /api/health idle:              ${show(idle)}`);
  console.log(`GET /api/health during backfill:   ${show(busy)}`);
  await stop(child);
}

// 3. Memory over 5,000 emulated batches
{
  const target = quick ? 1500 : 5000;
  const { child, url } = startServe([
    '--preset',
    'emulated',
    '--time-scale',
    '500',
    '--data-dir',
    join(scratch, 'memory'),
  ]);
  const base = await url;
  const rss = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  let atWarm: number | undefined;
  let atThousand: number | undefined;
  let batches = 0;
  const started = performance.now();
  while (batches < target) {
    const h = (await (await fetch(`${base}/api/health`)).json()) as { driver_batches: number };
    batches = h.driver_batches;
    if (atWarm === undefined && batches >= 500) atWarm = rss();
    if (atThousand === undefined && batches >= 1000) atThousand = rss();
    await new Promise((r) => setTimeout(r, 200));
  }
  const atEnd = rss();
  console.log(
    `memory over a long emulated run (clock 500x${fromSource ? ', from source' : ''}): ${atWarm?.toFixed(1)} MB after 500 batches, ${atThousand?.toFixed(1)} MB after 1,000, ${atEnd.toFixed(1)} MB after ${batches} (growth ${(atEnd - (atWarm ?? atEnd)).toFixed(1)} MB; ${((performance.now() - started) / 1000).toFixed(0)} s real time)`,
  );
  await stop(child);
}
rmSync(scratch, { recursive: true, force: true });
