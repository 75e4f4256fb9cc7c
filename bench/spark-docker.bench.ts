// Docker figures (issue: Docker for real). Prints figures; asserts nothing.
// Run with `npm run bench:spark-docker` after docker/tests/engine/setup.sh (a running engine,
// the compose plugin, and the images it builds; SPARK_IMAGE / GENERATOR_IMAGE override them).
//
//  1. Start Spark (POST /api/spark/up, Docker backend) to one alive worker, and Stop Spark
//     (POST /api/spark/down) until compose is done: median of 3 each.
//  2. `docker compose --profile all up -d` to the first batch on disk (median of 3, fresh data
//     folder each time), and the generator image's size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  docker,
  GENERATOR_IMAGE,
  projectLeftovers,
  SPARK_IMAGE,
} from '../docker/tests/engine/engine.ts';
import { serve, waitFor } from '../electron/testing/serve.ts';
import { client } from './spark-client.ts';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-docker-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const runs = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');

if (projectLeftovers().length > 0) {
  console.error('a spark-experiments compose project is running: stop it first');
  process.exit(1);
}
process.env.SPARK_IMAGE = SPARK_IMAGE;
process.env.GENERATOR_IMAGE = GENERATOR_IMAGE;

const server = await serve(['--paused', '--data-dir', join(scratch, 'data')]);
const api = client(server);
const starts: number[] = [];
const stops: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  await api.sparkUp('docker', 300_000);
  starts.push((performance.now() - t0) / 1000);
  const t1 = performance.now();
  await api.call('/api/spark/down', {});
  stops.push((performance.now() - t1) / 1000);
}
await server.stop();
console.log(
  `Start Spark (Docker backend) to one alive worker: median ${median(starts).toFixed(1)} s (runs: ${runs(starts)})`,
);
console.log(
  `Stop Spark (compose down): median ${median(stops).toFixed(1)} s (runs: ${runs(stops)})`,
);

const firstBatch: number[] = [];
for (let i = 0; i < 3; i++) {
  const data = join(scratch, `all-${i}`, 'data');
  const env = { ...process.env, SPARK_EXPERIMENTS_DATA: data };
  const t0 = performance.now();
  const up = spawnSync('docker', ['compose', '--profile', 'all', 'up', '-d'], {
    cwd: join(root, 'docker'),
    env,
    encoding: 'utf8',
  });
  if (up.status !== 0) throw new Error(up.stderr);
  await waitFor(
    'the first batch',
    () => {
      const events = join(data, 'raw', 'events');
      return existsSync(events) &&
        readdirSync(events).some((b) => existsSync(join(events, b, 'batch_meta.json')))
        ? true
        : undefined;
    },
    120_000,
  );
  firstBatch.push((performance.now() - t0) / 1000);
  spawnSync('docker', ['compose', '--profile', 'all', 'down'], { cwd: join(root, 'docker'), env });
}
console.log(
  `docker compose --profile all up -d to the first batch on disk: median ${median(firstBatch).toFixed(1)} s (runs: ${runs(firstBatch)})`,
);
const size = Number(docker(['image', 'inspect', '-f', '{{.Size}}', GENERATOR_IMAGE]).stdout);
console.log(`generator image (${GENERATOR_IMAGE}): ${Math.round(size / 1e6)} MB`);
rmSync(scratch, { recursive: true, force: true });
