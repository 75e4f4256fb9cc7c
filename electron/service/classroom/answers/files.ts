// `npm run answers`: the answer key as files. Always events, defects and gold (per company and
// true interval) and summary.json; late_arrivals and watermark_drops for a dataset with late
// arrivals, company_dimension with a lifecycle, regional_gold with regions. A file of a part the
// dataset does not have is not written (and one left by an earlier key in the folder goes):
// an empty table would read as "the truth is: none", which a checker could pass vacuously.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DimensionRow } from '../../../engine/answers/company-dimension.ts';
import { type AnswerRange, answerSource } from './source.ts';
import { type AnswerSummary, addBatch, addClosed, emptySummary, finishSummary } from './summary.ts';
import { type AnswerFormat, TableWriter } from './table-writer.ts';
import {
  type ArrivalRow,
  datasetTruths,
  type GoldRow,
  type RegionalGoldRow,
  type WatermarkDropRow,
} from './truths.ts';
import { answerWorld } from './world.ts';

const EVENT_COLUMNS = [
  'batch_id',
  'line',
  'event_id',
  'driver_id',
  'company_id',
  'truck_id',
  'event_type',
  'timestamp',
  'raw',
] as const;
const DEFECT_COLUMNS = ['batch_id', 'line', 'issue', 'field', 'event_id', 'raw'] as const;
const GOLD_COLUMNS = [
  'company_id',
  'batch_id',
  'interval_start',
  'interval_end',
  'events',
  'start_driving',
  'stopped_driving',
  'delivered',
  'active_drivers',
] as const satisfies ReadonlyArray<keyof GoldRow>;
const ARRIVAL_COLUMNS = [
  'true_batch_id',
  'intervals_late',
  'events',
] as const satisfies ReadonlyArray<keyof ArrivalRow>;
const WATERMARK_COLUMNS = ['delay_seconds', 'rows_dropped'] as const satisfies ReadonlyArray<
  keyof WatermarkDropRow
>;
const DIMENSION_COLUMNS = [
  'company_id',
  'geography',
  'active',
  'valid_from',
  'valid_to',
  'is_current',
] as const satisfies ReadonlyArray<keyof DimensionRow>;
const REGIONAL_COLUMNS = [
  'region',
  'time_zone',
  'local_date',
  'hours_in_day',
  'events',
  'start_driving',
  'stopped_driving',
  'delivered',
  'active_drivers',
] as const satisfies ReadonlyArray<keyof RegionalGoldRow>;

/** The tables of the parts some datasets have, by file name (without extension). */
export const FEATURE_TABLES = [
  'late_arrivals',
  'watermark_drops',
  'company_dimension',
  'regional_gold',
] as const;

export interface WrittenAnswers {
  summary: AnswerSummary;
  files: string[];
}

/**
 * Writes the answer key's tables as CSV (or JSON Lines) and summary.json into `outDir`.
 * `onBatch` hears each batch done, for progress on long ranges.
 */
export async function writeAnswers(
  dataDir: string,
  outDir: string,
  options: {
    range?: AnswerRange;
    format?: AnswerFormat;
    onBatch?: (done: number, total: number) => void;
  } = {},
): Promise<WrittenAnswers> {
  const range = options.range ?? {};
  const format = options.format ?? 'csv';
  const source = answerSource(dataDir, range); // fails before anything is created
  const world = answerWorld(source);
  mkdirSync(outDir, { recursive: true });
  const ext = format === 'csv' ? 'csv' : 'jsonl';
  const file = (name: string) => join(outDir, `${name}.${ext}`);
  const events = new TableWriter(file('events'), EVENT_COLUMNS, format);
  const defects = new TableWriter(file('defects'), DEFECT_COLUMNS, format);
  const gold = new TableWriter<GoldRow>(file('gold'), GOLD_COLUMNS, format);
  const files = [file('events'), file('defects'), file('gold')];
  const truths = datasetTruths(source, world?.placeOf);
  const features = truths.features;
  const arrivals = features.late_arrivals
    ? new TableWriter<ArrivalRow>(file('late_arrivals'), ARRIVAL_COLUMNS, format)
    : undefined;
  const summary = emptySummary(range, features);
  const total = source.starts.length;
  const open = [events, defects, gold, ...(arrivals ? [arrivals] : [])];
  let final: Awaited<ReturnType<typeof truths.finish>>;
  try {
    for (const step of truths.batches()) {
      addBatch(summary, step.answer);
      addClosed(summary, step, features.late_arrivals);
      await events.writeAll(step.answer.events);
      await defects.writeAll(step.answer.defects);
      await gold.writeAll(step.gold);
      await arrivals?.writeAll(step.arrivals);
      options.onBatch?.(summary.batches, total);
    }
    final = truths.finish();
    await gold.writeAll(final.gold);
    await arrivals?.writeAll(final.arrivals);
  } finally {
    await Promise.all(open.map((w) => w.close()));
  }
  if (arrivals) files.push(file('late_arrivals'));
  // With regions alone too: regional gold's checks read each company's region from it.
  const dimension = (features.lifecycle || features.regions) && world ? world.dimension() : null;
  finishSummary(summary, final, dimension && world ? world.dimensionCounts() : null);
  const extra: Array<[string, readonly string[], Iterable<object> | null]> = [
    ['watermark_drops', WATERMARK_COLUMNS, final.watermark],
    ['company_dimension', DIMENSION_COLUMNS, dimension],
    ['regional_gold', REGIONAL_COLUMNS, final.regional],
  ];
  for (const [name, columns, rows] of extra) {
    if (!rows) continue;
    const table = new TableWriter<object>(file(name), columns, format);
    try {
      await table.writeAll(rows);
    } finally {
      await table.close();
    }
    files.push(file(name));
  }
  for (const name of FEATURE_TABLES)
    if (!files.includes(file(name))) rmSync(file(name), { force: true });
  const summaryFile = join(outDir, 'summary.json');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(summaryFile);
    out.on('error', reject);
    out.end(`${JSON.stringify(summary, null, 2)}\n`, () => resolve());
  });
  return { summary, files: [...files, summaryFile] };
}
