// Spark figures (issues: Spark cluster; the streaming pipeline). Prints figures; asserts nothing.
// Run with `npm run bench:spark` (needs Java 17 and pyspark, as the tests do; the pipeline
// fetches Delta Lake's jars from Maven Central once). About 20 minutes on 2 cores.
//
//  1. Time from "Start Spark" (POST /api/spark/up, local backend) to one alive worker
//     (median of 3 starts).
//  2. Bronze batch job throughput on `scaling` data (events ingested per second, one generator
//     batch per micro-batch) next to the generator's own rate on the same data.
//  3. The streaming pipeline's freshness on `emulated-5s` while serve generates, through the
//     app (Start Spark, Run pipeline; local backend): seconds from a batch's interval closing
//     to its rows in bronze, silver, gold (first counted) and to its gold rows being final,
//     p50 and p95 over the batches after a warm-up; medians of 3 runs.
//  4. Catch-up: a full day of `scaling` (about 10 M events) through the pipeline's bronze,
//     events per second from Spark's progress reports, next to the generator's rate; medians
//     of 3 runs (each on a new lake).
//
// BENCH_SPARK_PARTS=3,4 runs only some parts; BENCH_SPARK_RUNS=1 runs each part once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Served, serve } from '../electron/testing/serve.ts';
import { bronzeRate, freshness, intervalEnds, totalLines } from './pipeline-figures.ts';
import { client } from './spark-client.ts';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-spark-'));
const parts = new Set((process.env.BENCH_SPARK_PARTS ?? '1,2,3,4').split(',').map(Number));
const runs = Number(process.env.BENCH_SPARK_RUNS ?? 3);
const cli = (args: string[]) =>
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron', 'cli', 'main.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

function generate(preset: string, from: string, to: string, data: string) {
  const out = cli(['generate', '--preset', preset, '--from', from, '--to', to, '--data-dir', data]);
  return {
    rate: Number(/events\/s: ([\d,]+)/.exec(out)?.[1]?.replaceAll(',', '')),
    events: Number(/events: ([\d,]+) valid/.exec(out)?.[1]?.replaceAll(',', '')),
  };
}

/** The serve running now: on a failure, its Spark is stopped and it is ended. */
let current: Served | undefined;
async function track(started: Promise<Served>): Promise<Served> {
  current = await started;
  return current;
}

try {
  if (parts.has(1) || parts.has(2)) {
    const data = join(scratch, 'scaling-3h');
    const generated = generate('scaling', '2024-01-01T00:00:00Z', '2024-01-01T03:00:00Z', data);
    const server = await track(serve(['--paused', '--data-dir', data]));
    const api = client(server);
    const starts: number[] = [];
    for (let i = 0; i < (parts.has(1) ? runs : 1); i++) {
      const t0 = performance.now();
      await api.sparkUp();
      starts.push((performance.now() - t0) / 1000);
      if (i < runs - 1 && parts.has(1)) await api.call('/api/spark/down', {});
    }
    if (parts.has(1))
      console.log(
        `Start Spark (local backend) to one alive worker: median ${median(starts).toFixed(1)} s (runs: ${starts.map((s) => s.toFixed(1)).join(', ')})`,
      );
    if (parts.has(2)) {
      const job = (await api.call('/api/spark/jobs', { job: 'bronze' })) as { id: number };
      const done = await api.until(
        'bronze',
        async () => {
          const j = await api.job(job.id);
          return j.state !== 'running' ? j : undefined;
        },
        1_800_000,
      );
      const m = /ingested (\d+) lines in (\d+) micro-batches .* \(([\d.]+) s\)/.exec(
        done.summary ?? '',
      );
      const rows = Number(m?.[1]);
      const seconds = Number(m?.[3]);
      console.log(
        `bronze batch job on scaling (${generated.events.toLocaleString('en-US')} events, ${m?.[2]} micro-batches of one generator batch): ${Math.round(rows / seconds).toLocaleString('en-US')} events/s ingested (${seconds} s, ${done.state})`,
      );
      console.log(
        `the generator on the same data: ${generated.rate.toLocaleString('en-US')} events/s`,
      );
    }
    await api.call('/api/spark/down', {});
    await server.stop();
  }

  if (parts.has(3)) {
    // Batches that close in the first WARM_UP_S after Run pipeline are left out (JVM start, the
    // first Delta commits); then MEASURED batches are followed to gold_final.
    const WARM_UP_S = 60;
    const MEASURED = 24;
    const figures: Array<ReturnType<typeof freshness>> = [];
    for (let run = 0; run < runs; run++) {
      const data = join(scratch, `emulated-${run}`);
      const server = await track(
        serve(['--preset', 'emulated-5s', '--seed', String(run + 1), '--data-dir', data]),
      );
      const api = client(server);
      await api.sparkUp();
      const id = await api.runPipeline();
      const since = Date.now() / 1000 + WARM_UP_S;
      await api.until(
        `${MEASURED} batches final in gold`,
        async () => {
          const j = await api.job(id);
          if (j.state !== 'running') throw new Error(`the pipeline ${j.state}: ${j.summary}`);
          const f = freshness(data, since);
          return (f.gold_final?.n ?? 0) >= MEASURED ? f : undefined;
        },
        900_000,
      );
      await api.stopJob(id);
      const f = freshness(data, since);
      figures.push(f);
      console.log(
        `  run ${run + 1}: ${Object.entries(f)
          .map(([layer, x]) => `${layer} p50 ${fmt(x.p50)} s p95 ${fmt(x.p95)} s (${x.n})`)
          .join('; ')}`,
      );
      await api.call('/api/spark/down', {});
      await server.stop();
    }
    console.log(
      `pipeline freshness on emulated-5s, interval close to …, medians of ${runs} runs (local backend, serve generating):`,
    );
    for (const layer of ['bronze', 'silver', 'gold', 'gold_final'] as const) {
      const p50 = median(figures.map((f) => f[layer]?.p50 ?? Number.NaN));
      const p95 = median(figures.map((f) => f[layer]?.p95 ?? Number.NaN));
      const label =
        layer === 'gold'
          ? 'gold (first counted)'
          : layer === 'gold_final'
            ? 'gold row final'
            : layer;
      console.log(`  ${label}: p50 ${fmt(p50)} s, p95 ${fmt(p95)} s`);
    }
  }

  if (parts.has(4)) {
    const data = join(scratch, 'scaling-day');
    const generated = generate('scaling', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', data);
    const batches = intervalEnds(data).size;
    const lines = totalLines(data);
    const server = await track(serve(['--paused', '--data-dir', data]));
    const api = client(server);
    await api.sparkUp();
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      rmSync(join(data, 'lake'), { recursive: true, force: true });
      const t0 = performance.now();
      const id = await api.runPipeline();
      await api.until(
        `all ${lines} lines in bronze, as Spark reports them`,
        async () => {
          const j = await api.job(id);
          if (j.state !== 'running') throw new Error(`the pipeline ${j.state}: ${j.summary}`);
          return bronzeRate(data).rows >= lines ? true : undefined;
        },
        1_800_000,
      );
      const wall = (performance.now() - t0) / 1000;
      await api.stopJob(id);
      const r = bronzeRate(data);
      rates.push(r.perSecond);
      console.log(
        `  run ${run + 1}: ${r.rows.toLocaleString('en-US')} lines through bronze in ${r.seconds.toFixed(1)} s of micro-batches: ${Math.round(r.perSecond).toLocaleString('en-US')} lines/s (${wall.toFixed(0)} s from Run pipeline, JVM start included)`,
      );
    }
    console.log(
      `catch-up, a day of scaling (${generated.events.toLocaleString('en-US')} events, ${batches} batches) through the pipeline's bronze: median ${Math.round(median(rates)).toLocaleString('en-US')} lines/s over ${runs} runs; the generator on the same data: ${generated.rate.toLocaleString('en-US')} events/s`,
    );
    await api.call('/api/spark/down', {});
    await server.stop();
  }
} finally {
  if (current) {
    await current.call('/api/spark/down', { method: 'POST' }).catch(() => undefined);
    await current.stop().catch(() => undefined);
  }
  rmSync(scratch, { recursive: true, force: true });
}
