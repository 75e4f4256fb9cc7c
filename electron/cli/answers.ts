// `answers`: the answer key of a data folder's dataset, from the engine, as files.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AnswerSummary, writeAnswers } from '../service/classroom/answers.ts';
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
      ...worldLines(summary),
      `files: ${files.join(', ')}`,
    ].join('\n') + '\n',
  );
}

/** The parts only some datasets have: late arrivals, the watermark, companies, regions. */
function worldLines(summary: AnswerSummary): string[] {
  const lines: string[] = [];
  const late = summary.late_arrivals;
  if (late) {
    const byK = Object.entries(late.by_intervals_late)
      .filter(([k]) => k !== '0')
      .map(([k, n]) => `${formatCount(n)} by ${k}`)
      .join(', ');
    lines.push(
      `late arrivals: ${formatCount(late.late)} of ${formatCount(late.on_time + late.late)} valid rows${byK ? ` (${byK} intervals)` : ''}`,
    );
  }
  const watermark = summary.watermark;
  if (watermark)
    lines.push(
      `dropped by a watermark of: ${watermark.drops.map((d) => `${d.delay_seconds} s ${formatCount(d.rows_dropped)}`).join(', ')}`,
    );
  const companies = summary.company_dimension;
  if (companies)
    lines.push(
      `company dimension: ${formatCount(companies.versions)} versions of ${formatCount(companies.companies)} companies (${formatCount(companies.deactivations)} deactivations, ${formatCount(companies.reactivations)} reactivations, ${formatCount(companies.inactive_now)} inactive now)`,
    );
  const regional = summary.regional_gold;
  if (regional)
    lines.push(
      `regional gold: ${formatCount(regional.rows)} region-days (${Object.entries(
        regional.by_region,
      )
        .map(([r, v]) => `${r} ${formatCount(v.events)}`)
        .join(', ')})`,
    );
  return lines;
}
