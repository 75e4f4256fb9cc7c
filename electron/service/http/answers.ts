// GET /api/answers: the dataset's answer key, summarized (README: Answer keys). Computed from
// the generator, batch by batch with the event loop free in between; `npm run answers`
// writes the full key (every event, defect and gold row) to files.
import { routes } from '../../../shared/contract/index.ts';
import {
  ANSWERS_LINE_LIMIT,
  type AnswerRange,
  AnswersError,
  expectedLines,
  summarizeAnswers,
} from '../answers.ts';
import type { GeneratorService } from '../generator-service.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

export function answerRoutes(service: Pick<GeneratorService, 'dataDir'>) {
  return declaredRoutes().openapi(routes.answers, async (c) => {
    const { from, to } = c.req.valid('query');
    const range: AnswerRange = {};
    if (from !== undefined) range.fromS = from;
    if (to !== undefined) range.toS = to;
    try {
      const lines = expectedLines(service.dataDir, range);
      if (lines > ANSWERS_LINE_LIMIT)
        return fail(
          c,
          400,
          'range_too_large',
          `that range holds about ${Math.round(lines).toLocaleString('en-US')} lines; ask for at most ${ANSWERS_LINE_LIMIT.toLocaleString('en-US')} with from/to, or write the whole key with npm run answers`,
        );
      return c.json(await summarizeAnswers(service.dataDir, range), 200);
    } catch (err) {
      if (err instanceof AnswersError) return fail(c, 409, err.code, err.message);
      throw err;
    }
  });
}
