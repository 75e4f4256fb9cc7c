// The notebook service's figures (issue 18). Prints figures; asserts nothing. Run after
// docker/tests/engine/setup.sh (an engine, the compose plugin and the lane's images;
// SPARK_IMAGE / NOTEBOOK_IMAGE override them):
//   npm run bench:notebook
//
//  1. Start Spark (POST /api/spark/up, Docker backend, warm images) to the notebook's first
//     Spark cell returning a result: the set-up cell's session on the cluster, then a count of
//     the exercise's lines, through JupyterLab's own REST API and kernel WebSocket.
//  2. check() in a warm notebook (01-bronze solved; the second check() of the kernel).
//  3. The notebook image's size over the Spark image it is built on.
// Medians of 3 (Start Spark and Stop Spark between runs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  docker,
  NOTEBOOK_IMAGE,
  projectLeftovers,
  SPARK_IMAGE,
} from '../docker/tests/engine/engine.ts';
import { cellSource, JupyterClient, type NotebookCell } from '../docker/tests/engine/jupyter.ts';
import { serve } from '../electron/testing/serve.ts';
import { client } from './spark-client.ts';

const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'spark-exp-bench-notebook-'));
const data = join(scratch, 'data');
const NOTEBOOK = 'exercises/01-bronze/01-bronze.ipynb';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');

if (projectLeftovers().length > 0) {
  console.error('a spark-experiments compose project is running: stop it first');
  process.exit(1);
}
process.env.SPARK_IMAGE = SPARK_IMAGE;
process.env.NOTEBOOK_IMAGE = NOTEBOOK_IMAGE;

const solution = (() => {
  const nb = JSON.parse(
    readFileSync(join(root, 'exercises', 'solutions', '01-bronze.ipynb'), 'utf8'),
  ) as { cells: NotebookCell[] };
  return cellSource(nb.cells.find((c) => c.metadata?.tags?.includes('solution')) as NotebookCell);
})();

const server = await serve(['--paused', '--data-dir', data]);
const api = client(server);
const firstCell: number[] = [];
const warmCheck: number[] = [];
try {
  const prepared = await server.call('/api/exercises/01-bronze/prepare', { method: 'POST' });
  if (prepared.status !== 200) throw new Error(JSON.stringify(prepared.body));
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await api.sparkUp('docker', 300_000);
    const token = readFileSync(join(data, '.stack', 'notebook-token'), 'utf8');
    const jupyter = new JupyterClient('http://127.0.0.1:18888', token);
    const cells = (await jupyter.notebook(NOTEBOOK)).cells.filter((c) => c.cell_type === 'code');
    const kernel = await jupyter.startKernel(NOTEBOOK);
    try {
      // The parameters cell and the set-up cell, then the first Spark action.
      for (const cell of cells.slice(0, 2)) {
        const run = await kernel.execute(cellSource(cell));
        if (run.error) throw new Error(run.text);
      }
      const counted = await kernel.execute('spark.read.text(EVENTS).count()');
      if (counted.error || !/^\d+/.test(counted.text)) throw new Error(counted.text);
      firstCell.push((performance.now() - t0) / 1000);
      const solved = await kernel.execute(solution);
      if (solved.error) throw new Error(solved.text);
      await kernel.execute('check()');
      const t1 = performance.now();
      const card = await kernel.execute('check()');
      warmCheck.push((performance.now() - t1) / 1000);
      if (!card.text.includes('PASSED')) throw new Error(card.text);
    } finally {
      await kernel.close();
    }
    await api.call('/api/spark/down', {});
  }
} finally {
  await server.stop();
  docker(['compose', '-p', 'spark-experiments', 'down', '--remove-orphans']);
  rmSync(scratch, { recursive: true, force: true });
}
const size = (image: string) =>
  Number(docker(['image', 'inspect', '-f', '{{.Size}}', image]).stdout.trim());
console.log(
  `Start Spark (warm images) to the notebook's first Spark cell returning a result: median ${median(firstCell).toFixed(1)} s (runs: ${runs(firstCell)})`,
);
console.log(
  `check() in a warm notebook (01-bronze, Parquet): median ${median(warmCheck).toFixed(2)} s (runs: ${runs(warmCheck)})`,
);
console.log(
  `notebook image ${NOTEBOOK_IMAGE}: ${(size(NOTEBOOK_IMAGE) / 1e6).toFixed(0)} MB, ${((size(NOTEBOOK_IMAGE) - size(SPARK_IMAGE)) / 1e6).toFixed(0)} MB over ${SPARK_IMAGE}`,
);
