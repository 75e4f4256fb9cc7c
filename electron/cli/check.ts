// `check`: the scorecard of the student's table; exit 0 when every check passed, else 1.
// The checker runs where Spark runs (spark/check-place.ts): in the stack's notebook container
// when that stack is up (or when there is Docker and no Python with pyspark), else with this
// machine's Python; stderr says which.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCommand } from '../../shared/check-command.ts';
import { scorecardText } from '../service/classroom/scorecard-text.ts';
import { checkRunnerChooser } from '../service/spark/check-place.ts';
import { courseFor, requireExercise } from './course.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { DOCKER_DIR } from './places.ts';

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
  const dataDir = resolve(values['data-dir'] ?? 'data');
  const course = courseFor(dataDir, {
    checkRunner: checkRunnerChooser({
      dockerDir: DOCKER_DIR,
      dataDir,
      env: process.env,
      backendInUse: () => null,
      onChoice: (where, why) =>
        process.stderr.write(`checking ${values.exercise} with Spark ${where}: ${why}…\n`),
    }),
  });
  if (!values.exercise)
    throw new UsageError(`--exercise is required: ${course.exercises.map((e) => e.id).join(', ')}`);
  requireExercise(course, values.exercise);
  // Ctrl-C ends the checker too, in the container as on this machine.
  const stop = () => course.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const card = await course
    .check(values.exercise, values.table ? resolve(values.table) : undefined)
    .finally(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(card)}\n`
      : scorecardText(card, process.stdout.isTTY, checkCommand(values.exercise, dataDir)),
  );
  if (!card.passed) process.exit(EXIT.failed);
}
