// GET /api/answers: the dataset's answer key, summarized (docs/teaching.md, Answer keys). Computed from
// the generator, batch by batch with the event loop free in between, one summary at a time and
// kept by range and dataset version (answer-summaries.ts); `npm run answers` writes the full
// key (every event, defect and gold row) to files.
import { routes } from '../../../shared/contract/index.ts';
import { AnswerSummaries } from '../classroom/answer-summaries.ts';
import {
  ANSWERS_LINE_LIMIT,
  type AnswerRange,
  answerSource,
  expectedLines,
} from '../classroom/answers.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

export function answerRoutes(
  service: Pick<GeneratorService, 'dataDir'>,
  summaries = new AnswerSummaries(),
) {
  return declaredRoutes().openapi(routes.answers, async (c) => {
    const { from, to } = c.req.valid('query');
    const range: AnswerRange = {};
    if (from !== undefined) range.fromS = from;
    if (to !== undefined) range.toS = to;
    // One look at the folder per request: the size check and the summary share it. A
    // folder without a usable dataset throws an AnswersError: answerErrors makes it a 409.
    const source = answerSource(service.dataDir, range);
    const lines = expectedLines(source);
    if (lines > ANSWERS_LINE_LIMIT)
      return fail(
        c,
        400,
        'range_too_large',
        `that range holds about ${Math.round(lines).toLocaleString('en-US')} lines; ask for at most ${ANSWERS_LINE_LIMIT.toLocaleString('en-US')} with from/to, or write the whole key with npm run answers`,
      );
    return c.json(await summaries.summarize(source), 200);
  });
}
