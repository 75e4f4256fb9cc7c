// `answers`: the answer key of a data folder's dataset, from the engine, as files.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAnswers } from '../service/classroom/answers.ts';
import { formatCount, parseInstant } from './args.ts';
import { UsageError } from './exit-codes.ts';

export async function answers(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format;
  if (format !== 'csv' && format !== 'jsonl')
    throw new UsageError(`--format (${format}) must be csv or jsonl`);
  const dataDir = resolve(values['data-dir'] ?? 'data');
  const range = {
    fromS:
      values.from === undefined ? undefined : Math.ceil(parseInstant('--from', values.from) / 1000),
    toS: values.to === undefined ? undefined : Math.ceil(parseInstant('--to', values.to) / 1000),
  };
  if (range.fromS !== undefined && range.toS !== undefined && range.toS <= range.fromS)
    throw new UsageError(`--to (${values.to}) must be after --from (${values.from})`);
  const outDir = resolve(values.out ?? join(dataDir, 'answers'));
  const tty = process.stderr.isTTY;
  let last = performance.now();
  const { summary, files } = await writeAnswers(dataDir, outDir, {
    range,
    format,
    onBatch: (done, total) => {
      if (total < 50 || (performance.now() - last < 1000 && done < total)) return;
      last = performance.now();
      const line = `[${String(Math.floor((100 * done) / total)).padStart(3)}%] ${done}/${total} batches`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
  });
  if (tty && summary.batches >= 50) process.stderr.write('\n');
  const kinds = Object.entries(summary.defects)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(', ');
  process.stdout.write(
    [
      `answer key of ${summary.batches} driver batches (${summary.first_batch ?? '-'} .. ${summary.last_batch ?? '-'}) in ${dataDir}`,
      `lines: ${formatCount(summary.lines)} (bronze)`,
      `valid events: ${formatCount(summary.valid_events)} (silver)`,
      `defective lines: ${formatCount(summary.defective_lines)}${kinds ? ` (${kinds})` : ''} (quarantine)`,
      `gold: ${formatCount(summary.gold.rows)} company-intervals, ${formatCount(summary.gold.delivered)} deliveries`,
      `files: ${files.join(', ')}`,
    ].join('\n') + '\n',
  );
}
