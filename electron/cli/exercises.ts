// `exercises`: the course with progress, `prepare ID`: its data and starter notebook, or
// `release ID`: the second part of a two-part (streaming) exercise's data.
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
      const state = !s.prepared
        ? '  (not prepared)'
        : s.released === false
          ? '  (first part: release the rest with exercises release)'
          : '';
      process.stdout.write(
        `${mark} ${s.streaming ? 'S' : ' '} ${s.id.padEnd(20)} ${s.title}${state}\n`,
      );
    }
    const passed = course.summaries().filter((s) => s.passed === true).length;
    process.stdout.write(`${passed} of ${course.exercises.length} passed\n`);
    return;
  }
  if ((action !== 'prepare' && action !== 'release') || !id)
    throw new UsageError('use: exercises [list | prepare ID | release ID]');
  requireExercise(course, id);
  if (action === 'release') {
    const view = await course.release(id);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(view)}\n`
        : `released the rest of ${id} (${view.release?.mid} .. ${view.to}) in ${view.folder}\nrestart your query from its checkpoint, then check\n`,
    );
    return;
  }
  const view = await course.prepare(id);
  process.stdout.write(
    values.json
      ? `${JSON.stringify(view)}\n`
      : `prepared ${id} (${view.preset}, ${view.from} .. ${view.to}) in ${view.folder}\nstarter notebook: ${view.notebook}\nwrite the table to: ${view.table_path}\n`,
  );
}
