// Answer keys of a data folder's dataset: every committed driver batch in a range, generated
// again from its epoch (docs/teaching.md, Answer keys). The parts live in answers/: the source
// (state, batches, checks against batch_meta.json), the truths walked across batches, the
// summary and the files; this is their facade, and the summary a live service computes.

import { type AnswerSource, nextTurn } from './answers/source.ts';
import {
  type AnswerSummary,
  addBatch,
  addClosed,
  emptySummary,
  finishSummary,
} from './answers/summary.ts';
import { datasetTruths } from './answers/truths.ts';
import { answerWorld } from './answers/world.ts';

export { type WrittenAnswers, writeAnswers } from './answers/files.ts';
export {
  ANSWERS_LINE_LIMIT,
  type AnswerRange,
  type AnswerSource,
  AnswersError,
  answerSource,
  committedBatchStarts,
  expectedLines,
  nextTurn,
} from './answers/source.ts';
export { type AnswerSummary, emptySummary } from './answers/summary.ts';
export type { AnswerFormat } from './answers/table-writer.ts';

/**
 * The summary of the source's answer key, awaiting `betweenBatches` (a turn of the event loop)
 * after each batch: a live service computes it.
 */
export async function summarizeAnswers(
  source: AnswerSource,
  betweenBatches: () => Promise<void> = nextTurn,
): Promise<AnswerSummary> {
  const world = answerWorld(source);
  const truths = datasetTruths(source, world?.placeOf);
  const { features } = truths;
  const summary = emptySummary(source.range, features);
  const late = features.late_arrivals;
  for (const step of truths.batches()) {
    addBatch(summary, step.answer);
    addClosed(summary, step, late);
    await betweenBatches();
  }
  const dimension =
    (features.lifecycle || features.regions) && world ? world.dimensionCounts() : null;
  finishSummary(summary, truths.finish(), dimension);
  return summary;
}
