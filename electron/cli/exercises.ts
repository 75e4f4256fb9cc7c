// `exercises`: the course with progress, or `prepare ID`: its data and starter notebook.
import { parseArgs } from 'node:util';
import { courseFor, requireExercise } from './course.ts';
import { UsageError } from './exit-codes.ts';

export async function exercises(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const course = courseFor(values['data-dir']);
  const [action = 'list', id, ...more] = positionals;
  if (more.length > 0) throw new UsageError(`unexpected ${more.join(' ')}`);
  if (action === 'list') {
    if (values.json) {
      process.stdout.write(`${JSON.stringify(course.exercises.map((e) => course.view(e.id)))}\n`);
      return;
    }
    for (const s of course.summaries()) {
      const mark = s.passed === true ? '✓' : s.passed === false ? '✗' : ' ';
      process.stdout.write(
        `${mark} ${s.id.padEnd(16)} ${s.title}${s.prepared ? '' : '  (not prepared)'}\n`,
      );
    }
    return;
  }
  if (action !== 'prepare' || !id) throw new UsageError('use: exercises [list | prepare ID]');
  requireExercise(course, id);
  const view = await course.prepare(id);
  process.stdout.write(
    values.json
      ? `${JSON.stringify(view)}\n`
      : `prepared ${id} (${view.preset}, ${view.from} .. ${view.to}) in ${view.folder}\nstarter notebook: ${view.notebook}\nwrite the table to: ${view.table_path}\n`,
  );
}
