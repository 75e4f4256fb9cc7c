// `generate`: every batch whose interval starts in [from, to), at full speed, then a summary.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../service/logs/logger.ts';
import { type GenerateProgress, generateRange } from '../service/production/generate.ts';
import { dataPaths } from '../service/store/paths.ts';
import {
  configFrom,
  DATASET_OPTIONS,
  formatCount,
  parseInstant,
  parseSeed,
  parseWorkers,
} from './args.ts';
import { EXIT, UsageError } from './exit-codes.ts';

function progressLine(p: GenerateProgress): string {
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const rate = p.elapsedSeconds > 0 ? p.events / p.elapsedSeconds : 0;
  const eta = p.done > 0 ? (p.elapsedSeconds * (p.total - p.done)) / p.done : 0;
  return `[${String(pct).padStart(3)}%] ${p.done}/${p.total} batches  ${formatCount(p.events)} events  ${formatCount(rate)} events/s  ETA ${Math.ceil(eta)}s`;
}

export async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATASET_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      fsync: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = configFrom(values);
  if (!values.from || !values.to) throw new UsageError('--from and --to are required');
  const fromMs = parseInstant('--from', values.from);
  const toMs = parseInstant('--to', values.to);
  if (toMs <= fromMs)
    throw new UsageError(`--to (${values.to}) must be after --from (${values.from})`);
  const seed = parseSeed(values.seed);
  const workers = parseWorkers(values.workers);
  const dataDir = resolve(values['data-dir'] ?? 'data');

  const log = createLogger({ dir: dataPaths(dataDir).logs, component: 'generate' });
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write(
      '\ninterrupted: finishing the batch being committed, discarding the rest\n',
    );
    abort.abort();
  });
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const summary = await generateRange({
    dataDir,
    config,
    seed,
    fromMs,
    toMs,
    workers,
    log,
    durable: values.fsync,
    signal: abort.signal,
    onProgress: (p) => {
      if (p.total < 2) return;
      if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
      else if (performance.now() - lastLine > 5000 || p.done === p.total) {
        lastLine = performance.now();
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
  });
  if (tty) process.stderr.write('\n');
  const out = [
    `${summary.interrupted ? 'interrupted after' : 'generated'} ${summary.driverBatches} driver batches and ${summary.companyBatches} company batches into ${dataDir} (preset ${config.name}, seed ${summary.seed})`,
    summary.alreadyPresent > 0
      ? `skipped ${summary.alreadyPresent} driver batches already present`
      : '',
    `batches: ${summary.driverBatches + summary.companyBatches}`,
    `events: ${formatCount(summary.events)} valid, ${formatCount(summary.corrupted)} defective lines, ${formatCount(summary.bytes / 1e6)} MB`,
    `events/s: ${formatCount(summary.eventsPerSecond)} (${summary.seconds.toFixed(2)} s, ${summary.workerThreads === 0 ? 'light enough to run without worker threads' : `${summary.workerThreads} worker${summary.workerThreads === 1 ? '' : 's'}`})`,
  ];
  process.stdout.write(`${out.filter(Boolean).join('\n')}\n`);
  if (summary.interrupted) process.exit(EXIT.interrupted);
}
