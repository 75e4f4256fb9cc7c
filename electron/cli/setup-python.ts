// `setup:python`: the app's own Python for Spark without Docker (pinned pyspark, delta-spark,
// JupyterLab, ipykernel in a per-user venv), with its steps and pip's lines on stderr and
// one line of outcome on stdout. Ctrl-C stops it and leaves the Python in use as it was.
import { parseArgs } from 'node:util';
import { setUpManagedPython } from '../service/python/setup.ts';

export async function setupPython(args: string[]): Promise<void> {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const result = await setUpManagedPython({
      env: process.env,
      signal: stop.signal,
      onStep: (s) => process.stderr.write(`[${s.step}/${s.steps}] ${s.title}\n`),
      onLine: (line) => process.stderr.write(`    ${line}\n`),
    });
    process.stdout.write(`${result.message}\n`);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
