// Answer keys of a data folder's dataset: every committed driver batch in a range, generated
// again from its epoch (docs/teaching.md, Answer keys). Reads the folder only (state file, batch metas),
// so it runs beside a `serve` writing the same folder.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFECT_KINDS, type DefectKind } from '../../../shared/config.ts';
import { type BatchAnswer, batchAnswer, type GoldRow } from '../../engine/answer-key.ts';
import type { IssueCounts } from '../../engine/defects.ts';
import { DriverFragments } from '../../engine/driver-batch.ts';
import { isoSeconds, parseBatchId } from '../../engine/format.ts';
import { expectedDriverLines } from '../../engine/plan.ts';
import { activeEpoch } from '../dataset/timeline.ts';
import { ServiceError, StoreError } from '../kernel/errors.ts';
import { dataPaths } from '../store/paths.ts';
import { type GeneratorState, readStateFile } from '../store/state.ts';

/** A folder whose dataset cannot give an answer key: the API answers 409, the CLI exits 2. */
export class AnswersError extends ServiceError {
  constructor(code: 'no_dataset' | 'dataset_mismatch' | 'state_invalid', message: string) {
    super(409, code, message);
  }
}

export interface AnswerRange {
  /** Batches whose interval starts at or after this (seconds); all when absent. */
  fromS?: number | undefined;
  /** ... and before this. */
  toS?: number | undefined;
}

export interface AnswerSummary {
  from: string | null;
  to: string | null;
  batches: number;
  first_batch: string | null;
  last_batch: string | null;
  lines: number;
  valid_events: number;
  defects: IssueCounts;
  defective_lines: number;
  gold: {
    rows: number;
    events: number;
    start_driving: number;
    stopped_driving: number;
    delivered: number;
  };
}

function readState(dataDir: string): GeneratorState {
  let state: GeneratorState | undefined;
  try {
    state = readStateFile(dataPaths(dataDir).state);
  } catch (err) {
    if (err instanceof StoreError) throw new AnswersError('state_invalid', err.message);
    throw err;
  }
  if (!state) throw new AnswersError('no_dataset', `${dataDir} holds no dataset yet`);
  return state;
}

/** What one answer is computed from: the folder's state read once, its batches listed once. */
export interface AnswerSource {
  dataDir: string;
  range: AnswerRange;
  state: GeneratorState;
  /** The range's committed driver batches, oldest first (interval starts, seconds). */
  starts: number[];
}

export function answerSource(dataDir: string, range: AnswerRange = {}): AnswerSource {
  // Listed before the state is read: an epoch is recorded before its first batch commits, so
  // every batch listed has its epoch in the state read after, even beside a live `serve`.
  const starts = committedBatchStarts(dataDir, range);
  return { dataDir, range, state: readState(dataDir), starts };
}

/** The committed driver batches of the folder in the range, oldest first (interval starts). */
export function committedBatchStarts(dataDir: string, range: AnswerRange = {}): number[] {
  const events = dataPaths(dataDir).events;
  if (!existsSync(events)) return [];
  return readdirSync(events)
    .map((name) => parseBatchId(name))
    .filter((s): s is number => s !== undefined)
    .filter(
      (s) =>
        (range.fromS === undefined || s >= range.fromS) &&
        (range.toS === undefined || s < range.toS),
    )
    .sort((a, b) => a - b);
}

/**
 * The answers of each committed batch in the range. Each is checked against the batch's own
 * batch_meta.json, so a folder edited by hand is reported instead of silently misjudged.
 */
export function* datasetAnswers(source: AnswerSource): Generator<BatchAnswer> {
  const { dataDir, state } = source;
  const fragments = new DriverFragments();
  const paths = dataPaths(dataDir);
  for (const start of source.starts) {
    const active = activeEpoch(state.epochs, start);
    if (!active) throw new AnswersError('no_dataset', `${dataDir} records no epoch`);
    const answer = batchAnswer(active.epoch, start, fragments);
    const metaFile = join(paths.events, answer.meta.batch_id, 'batch_meta.json');
    const stored = JSON.parse(readFileSync(metaFile, 'utf8')) as {
      record_count?: number;
      event_count?: number;
      seed?: number;
    };
    if (
      stored.record_count !== answer.meta.record_count ||
      stored.event_count !== answer.meta.event_count ||
      stored.seed !== answer.meta.seed
    ) {
      throw new AnswersError(
        'dataset_mismatch',
        `batch ${answer.meta.batch_id} on disk is not what its dataset generates (record_count ${stored.record_count} there, ${answer.meta.record_count} here): was it edited?`,
      );
    }
    yield answer;
  }
}

export function emptySummary(range: AnswerRange): AnswerSummary {
  return {
    from: range.fromS === undefined ? null : isoSeconds(range.fromS),
    to: range.toS === undefined ? null : isoSeconds(range.toS),
    batches: 0,
    first_batch: null,
    last_batch: null,
    lines: 0,
    valid_events: 0,
    defects: Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as Record<DefectKind, number>,
    defective_lines: 0,
    gold: { rows: 0, events: 0, start_driving: 0, stopped_driving: 0, delivered: 0 },
  };
}

export function addToSummary(summary: AnswerSummary, answer: BatchAnswer): void {
  summary.batches++;
  summary.first_batch ??= answer.meta.batch_id;
  summary.last_batch = answer.meta.batch_id;
  summary.lines += answer.meta.record_count;
  summary.valid_events += answer.events.length;
  summary.defective_lines += answer.defects.length;
  // after_deactivation (a lifecycle's kind) only when the dataset has one.
  for (const d of answer.defects) summary.defects[d.issue] = (summary.defects[d.issue] ?? 0) + 1;
  for (const g of answer.gold) {
    summary.gold.rows++;
    summary.gold.events += g.events;
    summary.gold.start_driving += g.start_driving;
    summary.gold.stopped_driving += g.stopped_driving;
    summary.gold.delivered += g.delivered;
  }
}

export type AnswerFormat = 'csv' | 'jsonl';

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

/** RFC 4180: quoted when it holds a comma, quote or line break; null is an empty field. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

class TableWriter<Row> {
  private readonly out;
  private pending: string[] = [];

  constructor(
    file: string,
    private readonly columns: readonly string[],
    private readonly format: AnswerFormat,
  ) {
    this.out = createWriteStream(file);
    if (format === 'csv') this.pending.push(`${columns.join(',')}\n`);
  }

  async write(row: Row): Promise<void> {
    const record = row as Record<string, unknown>;
    this.pending.push(
      this.format === 'csv'
        ? `${this.columns.map((c) => csvField(record[c])).join(',')}\n`
        : `${JSON.stringify(Object.fromEntries(this.columns.map((c) => [c, record[c] ?? null])))}\n`,
    );
    if (this.pending.length >= 4096) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    if (text && !this.out.write(text))
      await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

export interface WrittenAnswers {
  summary: AnswerSummary;
  files: string[];
}

/**
 * Writes events, defects and gold as CSV (or JSON Lines) and summary.json into `outDir`.
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
  mkdirSync(outDir, { recursive: true });
  const ext = format === 'csv' ? 'csv' : 'jsonl';
  const files = ['events', 'defects', 'gold'].map((n) => join(outDir, `${n}.${ext}`));
  const [eventsFile, defectsFile, goldFile] = files as [string, string, string];
  const events = new TableWriter(eventsFile, EVENT_COLUMNS, format);
  const defects = new TableWriter(defectsFile, DEFECT_COLUMNS, format);
  const gold = new TableWriter(goldFile, GOLD_COLUMNS, format);
  const summary = emptySummary(range);
  const total = source.starts.length;
  try {
    for (const answer of datasetAnswers(source)) {
      addToSummary(summary, answer);
      for (const e of answer.events) await events.write(e);
      for (const d of answer.defects) await defects.write(d);
      for (const g of answer.gold) await gold.write(g);
      options.onBatch?.(summary.batches, total);
    }
  } finally {
    await Promise.all([events.close(), defects.close(), gold.close()]);
  }
  const summaryFile = join(outDir, 'summary.json');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(summaryFile);
    out.on('error', reject);
    out.end(`${JSON.stringify(summary, null, 2)}\n`, () => resolve());
  });
  return { summary, files: [...files, summaryFile] };
}

/** What one request may summarize: beyond it, the answer names a narrower range. */
export const ANSWERS_LINE_LIMIT = 5_000_000;

/** About how many lines the range's committed batches hold (from the configs, not the files). */
export function expectedLines(source: AnswerSource): number {
  let lines = 0;
  for (const start of source.starts) {
    const active = activeEpoch(source.state.epochs, start);
    if (active) lines += expectedDriverLines(active.epoch, start);
  }
  return lines;
}

/** A turn of the event loop for everything else waiting on it. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The summary of the source's answer key, awaiting `betweenBatches` (a turn of the event loop)
 * after each batch: a live service computes it.
 */
export async function summarizeAnswers(
  source: AnswerSource,
  betweenBatches: () => Promise<void> = nextTurn,
): Promise<AnswerSummary> {
  const summary = emptySummary(source.range);
  for (const answer of datasetAnswers(source)) {
    addToSummary(summary, answer);
    await betweenBatches();
  }
  return summary;
}
