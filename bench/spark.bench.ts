// Spark figures (issue: Spark cluster). Prints figures; asserts nothing.
// Run with `npm run bench:spark` (needs Java 17 and pyspark, as the tests do).
//
//  1. Time from "Start Spark" (POST /api/spark/up, local backend) to one alive worker
//     (median of 3 starts).
//  2. Bronze throughput on `scaling` data (events ingested per second, one generator batch
//     per micro-batch, on the local cluster) next to the generator's own rate on the same data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../electron/testing/serve.ts';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-spark-'));
const cli = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'electron', 'cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

const data = join(scratch, 'data');
const generated = cli([
  'generate',
  '--preset',
  'scaling',
  '--from',
  '2024-01-01T00:00:00Z',
  '--to',
  '2024-01-01T03:00:00Z',
  '--data-dir',
  data,
]);
const generatorRate = Number(/events\/s: ([\d,]+)/.exec(generated)?.[1]?.replaceAll(',', ''));
const events = Number(/events: ([\d,]+) valid/.exec(generated)?.[1]?.replaceAll(',', ''));

const server = await serve(['--paused', '--data-dir', data]);
const call = async (path: string, body?: unknown) =>
  (await server.call(path, body === undefined ? {} : { method: 'POST', json: body }))
    .body as Record<string, unknown>;
const until = async <T>(check: () => Promise<T | undefined>) => {
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
};

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  await call('/api/spark/up', { backend: 'local' });
  await until(async () => {
    const s = await call('/api/spark');
    return s.state === 'running' &&
      (s.master as { alive_workers: number } | null)?.alive_workers === 1
      ? true
      : undefined;
  });
  starts.push((performance.now() - t0) / 1000);
  if (i < 2) await call('/api/spark/down', {});
}
console.log(
  `Start Spark (local backend) to one alive worker: median ${median(starts).toFixed(1)} s (runs: ${starts.map((s) => s.toFixed(1)).join(', ')})`,
);

const job = (await call('/api/spark/jobs', { job: 'bronze' })) as { id: number };
const done = await until(async () => {
  const s = await call('/api/spark');
  const j = (s.jobs as Array<{ id: number; state: string; summary: string | null }>).find(
    (x) => x.id === job.id,
  );
  return j && j.state !== 'running' ? j : undefined;
});
const m = /ingested (\d+) lines in (\d+) micro-batches .* \(([\d.]+) s\)/.exec(done.summary ?? '');
const rows = Number(m?.[1]);
const seconds = Number(m?.[3]);
console.log(
  `bronze on scaling (${events.toLocaleString('en-US')} events, ${m?.[2]} micro-batches of one generator batch): ${Math.round(rows / seconds).toLocaleString('en-US')} events/s ingested (${seconds} s, ${done.state})`,
);
console.log(`the generator on the same data: ${generatorRate.toLocaleString('en-US')} events/s`);
await call('/api/spark/down', {});
await server.stop();
rmSync(scratch, { recursive: true, force: true });
