// A course notebook run in the stack's notebook container, as a student's runs there: the
// container's own Python and kernel (nbclient, a fresh kernel per run), as the app's user with a
// name (AS_NAMED_USER), and a Delta table's rows read from its _delta_log on this machine.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AS_NAMED_USER } from '../../../electron/service/spark/stack-check.ts';
import { REPO_ROOT } from '../../../electron/testing/presets.ts';
import { PROJECT } from './engine.ts';

export const NOTEBOOK_CONTAINER = `${PROJECT}-notebook-1`;

/** `docker ARGS` with `input` on its stdin, without blocking the event loop. */
function runWithInput(
  args: string[],
  input: Buffer,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
    child.stdin.end(input);
  });
}

const MARK = 'STACK-RUN ';

// Only the DATA_DIR line of the set-up cell is rewritten (as Prepare does): the rest of that
// cell, the environment's checks (pyspark, Java, Delta, the helper), runs in the stack too.
// The cell appended last says where the notebook's session runs.
const SCRIPT = `
import json, re, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.reads(sys.stdin.read(), as_version=4)
cell = next(c for c in nb.cells if c.source.startswith("DATA_DIR = "))
cell.source = re.sub(r"^DATA_DIR = .*$", lambda _: "DATA_DIR = " + json.dumps(sys.argv[1]), cell.source, count=1, flags=re.M)
nb.cells.append(nbformat.v4.new_code_cell("import json\\nprint('${MARK}' + json.dumps({'master': spark.sparkContext.master}))"))
NotebookClient(nb, timeout=540, kernel_name="python3", resources={"metadata": {"path": sys.argv[1]}}).execute()
print("".join(o.get("text", "") for o in nb.cells[-1].outputs).strip())
`;

export interface StackRun {
  status: number | null;
  output: string;
  /** spark.sparkContext.master of the notebook's session, as the appended cell printed it. */
  master: string | undefined;
}

/** Runs exercises/solutions/<id>.ipynb in a fresh kernel in the notebook container, on /data/exercises/<id>. */
export async function runSolutionInStack(id: string): Promise<StackRun> {
  const solution = readFileSync(join(REPO_ROOT, 'exercises', 'solutions', `${id}.ipynb`));
  // Not spawnSync: a blocked event loop would keep the API's closed keep-alive socket pooled.
  const ran = await runWithInput(
    [
      'exec',
      '-i',
      NOTEBOOK_CONTAINER,
      'bash',
      '-c',
      AS_NAMED_USER,
      'run',
      '-c',
      SCRIPT,
      `/data/exercises/${id}`,
    ],
    solution,
  );
  const line = ran.output.split('\n').find((l) => l.startsWith(MARK));
  const master = line
    ? (JSON.parse(line.slice(MARK.length)) as { master: string }).master
    : undefined;
  return { ...ran, master };
}

/** The actions of a Delta table's log, commit by commit. */
export function deltaLog(table: string): Array<Record<string, { path?: string; stats?: string }>> {
  const dir = join(table, '_delta_log');
  return readdirSync(dir)
    .filter((f) => /^\d{20}\.json$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
}

/** The rows of a Delta table, from its log: the live files' numRecords (adds minus removes). */
export function deltaRows(table: string): number {
  const live = new Map<string, number>();
  for (const action of deltaLog(table)) {
    if (action.add?.path)
      live.set(action.add.path, JSON.parse(action.add.stats ?? '{}').numRecords ?? Number.NaN);
    else if (action.remove?.path) live.delete(action.remove.path);
  }
  return [...live.values()].reduce((a, b) => a + b, 0);
}

/** The micro-batch ids a streaming query's checkpoint has committed, in order. */
export function committedBatches(checkpoint: string): number[] {
  return readdirSync(join(checkpoint, 'commits'))
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The batch folders (raw/events/<batch>) each micro-batch of a file-source stream read, from its checkpoint's sources/0 log. */
export function sourceBatches(checkpoint: string): Map<number, string[]> {
  const dir = join(checkpoint, 'sources', '0');
  const read = new Map<number, string[]>();
  for (const f of readdirSync(dir).filter((f) => /^\d+$/.test(f))) {
    const files = readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .slice(1) // the log's version line (v1)
      .filter(Boolean)
      .map(
        (l) =>
          (JSON.parse(l) as { path: string }).path.match(
            /events\/([0-9TZ]+)\/events\.jsonl$/,
          )?.[1] ?? l,
      );
    read.set(Number(f), files.sort());
  }
  return read;
}

/** Every file under a folder with its modification time: what a rewrite would change. */
export function filesWithTimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return out;
}
