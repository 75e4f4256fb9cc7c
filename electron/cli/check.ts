// `check`: the scorecard of the student's table; exit 0 when every check passed, else 1.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scorecardText } from '../service/classroom/scorecard-text.ts';
import { courseFor, requireExercise } from './course.ts';
import { EXIT, UsageError } from './exit-codes.ts';

export async function check(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      exercise: { type: 'string' },
      table: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const course = courseFor(values['data-dir']);
  if (!values.exercise)
    throw new UsageError(`--exercise is required: ${course.exercises.map((e) => e.id).join(', ')}`);
  requireExercise(course, values.exercise);
  process.stderr.write(`checking ${values.exercise} with Spark…\n`);
  const card = await course.check(
    values.exercise,
    values.table ? resolve(values.table) : undefined,
  );
  process.stdout.write(
    values.json ? `${JSON.stringify(card)}\n` : scorecardText(card, process.stdout.isTTY),
  );
  if (!card.passed) process.exit(EXIT.failed);
}
