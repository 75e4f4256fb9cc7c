// GET /api/answers generates every batch of its range again: seconds of CPU and hundreds of MB
// for a million lines, and any page or script can ask. So summaries are computed one at a time
// (the event loop still gets a turn after each batch), a request for a summary being computed
// waits for that computation, and finished summaries are kept by range and dataset version.
import { createHash } from 'node:crypto';
import { SerialWork } from '../kernel/serial-work.ts';
import { type AnswerSource, type AnswerSummary, nextTurn, summarizeAnswers } from './answers.ts';

export interface AnswerSummariesOptions {
  /** Summaries kept (least recently used go first). */
  keep?: number;
  /** Awaited after each batch of a computation (a turn of the event loop). */
  betweenBatches?: () => Promise<void>;
}

/**
 * What a summary depends on: the folder, the range asked for (the summary names it), the
 * committed batches in it and the epochs that generated them. A new batch or a new dataset
 * after a clean gives a new key; a range with no new batch keeps its key.
 */
export function answerKey(source: AnswerSource): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        source.dataDir,
        source.range.fromS ?? null,
        source.range.toS ?? null,
        source.state.epochs,
        source.starts,
      ]),
    )
    .digest('hex');
}

export class AnswerSummaries {
  /** Computations started so far (a cached or shared answer starts none). */
  computations = 0;
  private readonly keep: number;
  private readonly betweenBatches: () => Promise<void>;
  private readonly done = new Map<string, AnswerSummary>();
  private readonly running = new Map<string, Promise<AnswerSummary>>();
  private readonly turns = new SerialWork();

  constructor(options: AnswerSummariesOptions = {}) {
    this.keep = options.keep ?? 64;
    this.betweenBatches = options.betweenBatches ?? nextTurn;
  }

  /** The source's summary: kept, being computed, or computed after those queued before it. */
  summarize(source: AnswerSource): Promise<AnswerSummary> {
    const key = answerKey(source);
    const kept = this.done.get(key);
    if (kept) {
      this.done.delete(key);
      this.done.set(key, kept);
      return Promise.resolve(kept);
    }
    const pending = this.running.get(key);
    if (pending) return pending;
    const computation = this.turns.exclusive(async () => {
      this.computations++;
      const summary = await summarizeAnswers(source, this.betweenBatches);
      this.done.set(key, summary);
      for (const old of this.done.keys()) {
        if (this.done.size <= this.keep) break;
        this.done.delete(old);
      }
      return summary;
    });
    this.running.set(key, computation);
    // A failed computation (a folder edited by hand) is not kept: the next request tries again.
    const forget = () => this.running.delete(key);
    computation.then(forget, forget);
    return computation;
  }
}
