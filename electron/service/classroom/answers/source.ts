// What an answer key is computed from: a data folder's state (its epochs) and its committed
// driver batches in a range, each generated again from its epoch and checked against its own
// batch_meta.json. Reads the folder only (state file, batch metas), so it runs beside a
// `serve` writing the same folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BatchAnswer, batchAnswer } from '../../../engine/answer-key.ts';
import { DriverFragments } from '../../../engine/driver-batch.ts';
import { parseBatchId } from '../../../engine/format.ts';
import { type Epoch, expectedDriverLines } from '../../../engine/plan.ts';
import { activeEpoch } from '../../dataset/timeline.ts';
import { ServiceError, StoreError } from '../../kernel/errors.ts';
import { dataPaths } from '../../store/paths.ts';
import { type GeneratorState, readStateFile } from '../../store/state.ts';

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

/** The epoch that generated the batch starting at `start`. */
export function epochOf(source: AnswerSource, start: number): Epoch {
  const active = activeEpoch(source.state.epochs, start);
  if (!active) throw new AnswersError('no_dataset', `${source.dataDir} records no epoch`);
  return active.epoch;
}

/**
 * The answers of each committed batch in the range. Each is checked against the batch's own
 * batch_meta.json, so a folder edited by hand is reported instead of silently misjudged.
 */
export function* datasetAnswers(
  source: AnswerSource,
): Generator<{ start: number; epoch: Epoch; answer: BatchAnswer }> {
  const fragments = new DriverFragments();
  const paths = dataPaths(source.dataDir);
  for (const start of source.starts) {
    const epoch = epochOf(source, start);
    const answer = batchAnswer(epoch, start, fragments);
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
    yield { start, epoch, answer };
  }
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
